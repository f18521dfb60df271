package org.jumpgate.balancer.probe;

import java.util.HashSet;
import java.util.Set;
import org.jumpgate.balancer.pool.NodeMetrics;

/**
 * Reads the few samples the balancer needs from node_exporter's Prometheus text exposition
 * format: {@code node_load1}, the distinct {@code cpu} labels of
 * {@code node_cpu_seconds_total{mode="idle"}} (the CPU count), {@code node_memory_MemAvailable_bytes}
 * and {@code node_memory_MemTotal_bytes}. Other lines are skipped without being parsed. A missing
 * load or CPU sample, or an unreadable value of a needed one, fails with a reason.
 */
final class NodeExporterParser {

    static final String LOAD1 = "node_load1";
    static final String CPU_SECONDS = "node_cpu_seconds_total";
    static final String MEM_AVAILABLE = "node_memory_MemAvailable_bytes";
    static final String MEM_TOTAL = "node_memory_MemTotal_bytes";
    /** Most distinct CPUs counted; beyond this the output is not a real node's. */
    static final int MAX_CPUS = 65_536;

    private NodeExporterParser() {
    }

    static NodeMetrics parse(String text) throws ProbeFailure {
        boolean haveLoad = false;
        double load1 = Double.NaN;
        double available = Double.NaN;
        double total = Double.NaN;
        Set<String> cpus = new HashSet<>();
        int start = 0;
        int lineNo = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            if (text.startsWith("node_", start)) {
                String line = text.substring(start, end);
                if (isSample(line, LOAD1)) {
                    load1 = value(line, LOAD1.length(), lineNo);
                    haveLoad = true;
                } else if (isSample(line, MEM_AVAILABLE)) {
                    available = value(line, MEM_AVAILABLE.length(), lineNo);
                } else if (isSample(line, MEM_TOTAL)) {
                    total = value(line, MEM_TOTAL.length(), lineNo);
                } else if (line.startsWith(CPU_SECONDS + "{")) {
                    PromLabels.Parsed labels = PromLabels.parse(line, CPU_SECONDS.length(), lineNo);
                    if ("idle".equals(labels.get("mode")) && labels.get("cpu") != null) {
                        cpus.add(labels.get("cpu"));
                        if (cpus.size() > MAX_CPUS) {
                            throw new ProbeFailure("metrics: more than " + MAX_CPUS + " CPUs");
                        }
                    }
                }
            }
            start = end + 1;
        }
        if (!haveLoad) {
            throw new ProbeFailure("metrics: no " + LOAD1 + " sample");
        }
        if (!(load1 >= 0) || Double.isInfinite(load1)) {
            throw new ProbeFailure("metrics: " + LOAD1 + " is " + load1 + ", expected a finite number >= 0");
        }
        if (cpus.isEmpty()) {
            throw new ProbeFailure("metrics: no " + CPU_SECONDS + "{mode=\"idle\"} samples to count CPUs");
        }
        boolean memory = !Double.isNaN(available) && !Double.isNaN(total) && total > 0 && available >= 0
                && !Double.isInfinite(available) && !Double.isInfinite(total);
        return new NodeMetrics(load1, cpus.size(), memory ? (long) available : -1, memory ? (long) total : -1);
    }

    /** Whether {@code line} is an unlabelled sample of {@code name} (followed by a space or {@code {}}). */
    private static boolean isSample(String line, String name) {
        return line.startsWith(name) && line.length() > name.length()
                && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{');
    }

    /** The value after the name (and labels, if any) at {@code from}; a timestamp after it is ignored. */
    private static double value(String line, int from, int lineNo) throws ProbeFailure {
        int at = from;
        if (line.charAt(at) == '{') {
            at = PromLabels.parse(line, from, lineNo).end();
        }
        String rest = line.substring(at).trim();
        int space = rest.indexOf(' ');
        String number = space < 0 ? rest : rest.substring(0, space);
        return PromLabels.number(number, lineNo);
    }
}
