package org.jumpgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The admin API's lists as aligned text tables for people ({@code jumpgate admin backends}). */
public final class AdminTables {

    private static final String GAP = "  ";
    private static final String NONE = "-";

    private AdminTables() {
    }

    /** NAME STATE SESSIONS LOAD/CPU REASON, one backend per row, from {@code GET /api/backends}. */
    public static String backends(JsonNode array) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "STATE", "SESSIONS", "LOAD/CPU", "REASON"));
        for (JsonNode b : array) {
            String state = text(b, "state");
            if (b.path("drained").asBoolean(false) && !"DRAIN".equals(state)) {
                state += " (drained)";
            }
            rows.add(List.of(text(b, "name"), state, text(b, "sessions"), number(b.get("loadPerCpu")),
                    text(b, "reason")));
        }
        return render(rows);
    }

    /** ID USER SOURCE BACKEND STARTED CHANNELS GATEWAY, one session per row, from {@code GET /api/sessions}. */
    public static String sessions(JsonNode array) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ID", "USER", "SOURCE", "BACKEND", "STARTED", "CHANNELS", "GATEWAY"));
        for (JsonNode s : array) {
            rows.add(List.of(text(s, "id"), text(s, "user"), text(s, "source"), text(s, "backend"),
                    text(s, "startedAt"), text(s, "channels"), text(s, "gateway")));
        }
        return render(rows);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? NONE : v.asText().replaceAll("\\p{Cntrl}", " ");
    }

    private static String number(JsonNode v) {
        return v == null || !v.isNumber() ? NONE : String.format(Locale.ROOT, "%.2f", v.asDouble());
    }

    /** Columns padded to their widest cell; the last one is not padded, so lines have no trailing blanks. */
    private static String render(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length())).append(GAP);
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
