package org.jumpgate.balancer.pool;

/**
 * Load of a node as its node_exporter reported it.
 *
 * @param load1             {@code node_load1}
 * @param cpus              distinct {@code cpu} labels of {@code node_cpu_seconds_total{mode="idle"}}
 * @param memAvailableBytes {@code node_memory_MemAvailable_bytes}, -1 when not reported
 * @param memTotalBytes     {@code node_memory_MemTotal_bytes}, -1 when not reported
 */
public record NodeMetrics(double load1, int cpus, long memAvailableBytes, long memTotalBytes) {

    public NodeMetrics {
        if (!(load1 >= 0) || Double.isInfinite(load1)) {
            throw new IllegalArgumentException("node_load1 " + load1 + ", expected a finite number >= 0");
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus " + cpus + ", expected at least 1");
        }
    }

    public double loadPerCpu() {
        return load1 / cpus;
    }

    /** Used fraction of memory, 0..1; 0 when memory was not reported. */
    public double memoryPressure() {
        if (memTotalBytes <= 0 || memAvailableBytes < 0) {
            return 0;
        }
        double used = 1.0 - (double) memAvailableBytes / memTotalBytes;
        return Math.max(0, Math.min(1, used));
    }
}
