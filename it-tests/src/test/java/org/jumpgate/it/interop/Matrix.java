package org.jumpgate.it.interop;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.TestAbortedException;

/**
 * The interop matrix, client × cell: each cell is run through {@link #run}, which records pass,
 * FAIL (with the first line of the failure) or skipped (with the assumption's reason) and lets
 * JUnit see the same outcome. {@link #render()} prints it as a Markdown table with the reasons
 * below.
 */
final class Matrix {

    /** The cells, in column order. */
    enum Cell {
        LOGIN("key + code login"),
        EXEC("exec, exit status 3"),
        PTY("pty + resize"),
        TRANSFER("4 MiB sftp/scp round trip"),
        JUMP("jump to " + InteropCluster.COMPUTE_NODE),
        FORWARD("-L to login node's loopback");

        final String title;

        Cell(String title) {
            this.title = title;
        }
    }

    enum Outcome {
        PASS("pass"), FAIL("FAIL"), SKIPPED("skipped");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    record Entry(Outcome outcome, String reason) {
    }

    private final Map<String, Map<Cell, Entry>> rows = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();

    /** Declares a row (in display order) before its cells run. */
    synchronized void row(String client) {
        rows.computeIfAbsent(client, c -> new EnumMap<>(Cell.class));
    }

    /** The client's full name (program and version) once known. */
    synchronized void name(String client, String name) {
        names.put(client, name);
    }

    /** Runs one cell and records its outcome; rethrows what the body threw. */
    void run(String client, Cell cell, Executable body) throws Throwable {
        try {
            body.execute();
            record(client, cell, new Entry(Outcome.PASS, ""));
        } catch (TestAbortedException e) {
            record(client, cell, new Entry(Outcome.SKIPPED, firstLine(e.getMessage())));
            throw e;
        } catch (Throwable t) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            record(client, cell, new Entry(Outcome.FAIL, firstLine(m)));
            throw t;
        }
    }

    private synchronized void record(String client, Cell cell, Entry e) {
        rows.computeIfAbsent(client, c -> new EnumMap<>(Cell.class)).put(cell, e);
    }

    /** Counts of each outcome. */
    synchronized Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> n = new EnumMap<>(Outcome.class);
        rows.values().forEach(r -> r.values().forEach(e -> n.merge(e.outcome(), 1, Integer::sum)));
        return n;
    }

    /** A Markdown table, one row per client, one column per cell, then every reason. */
    synchronized String render() {
        List<String> header = new ArrayList<>(List.of("client"));
        for (Cell c : Cell.values()) {
            header.add(c.title);
        }
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        List<String> notes = new ArrayList<>();
        rows.forEach((client, cells) -> {
            String name = names.getOrDefault(client, client);
            List<String> row = new ArrayList<>(List.of(name));
            for (Cell c : Cell.values()) {
                Entry e = cells.get(c);
                if (e == null) {
                    row.add("not run");
                    continue;
                }
                row.add(e.outcome().label);
                if (e.outcome() != Outcome.PASS) {
                    notes.add("- " + name + " / " + c.title + ": " + e.outcome().label + ": " + e.reason());
                }
            }
            table.add(row);
        });
        int[] width = new int[header.size()];
        for (List<String> r : table) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < table.size(); n++) {
            line(b, table.get(n), width);
            if (n == 0) {
                List<String> dashes = new ArrayList<>();
                for (int w : width) {
                    dashes.add("-".repeat(w));
                }
                line(b, dashes, width);
            }
        }
        Map<Outcome, Integer> counts = counts();
        b.append("\ncells: pass ").append(counts.getOrDefault(Outcome.PASS, 0))
                .append(", FAIL ").append(counts.getOrDefault(Outcome.FAIL, 0))
                .append(", skipped ").append(counts.getOrDefault(Outcome.SKIPPED, 0)).append('\n');
        notes.forEach(n -> b.append(n).append('\n'));
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        b.append('|');
        for (int i = 0; i < cells.size(); i++) {
            b.append(' ').append(String.format("%-" + width[i] + "s", cells.get(i))).append(" |");
        }
        b.append('\n');
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        String first = nl < 0 ? t : t.substring(0, nl).strip();
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
}
