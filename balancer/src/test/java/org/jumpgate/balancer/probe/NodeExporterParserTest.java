package org.jumpgate.balancer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jumpgate.balancer.pool.NodeMetrics;
import org.junit.jupiter.api.Test;

class NodeExporterParserTest {

    /** Captured from prometheus-node-exporter 1.5.0 (Debian 12) on a 2-CPU machine. */
    static String realSample() throws IOException {
        try (InputStream in = NodeExporterParserTest.class.getResourceAsStream("/node-exporter-metrics.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void realNodeExporterOutputGivesLoadCpusAndMemory() throws Exception {
        NodeMetrics m = NodeExporterParser.parse(realSample());

        assertThat(m.load1()).isEqualTo(5.34);
        assertThat(m.cpus()).isEqualTo(2);
        assertThat(m.memAvailableBytes()).isEqualTo(24_271_474_688L);
        assertThat(m.memTotalBytes()).isEqualTo(25_325_268_992L);
        assertThat(m.loadPerCpu()).isEqualTo(2.67);
        assertThat(m.memoryPressure()).isBetween(0.04, 0.05);
    }

    @Test
    void cpusAreCountedFromDistinctIdleSamplesWhateverTheLabelOrder() throws Exception {
        String text = """
                # HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
                # TYPE node_cpu_seconds_total counter
                node_cpu_seconds_total{cpu="0",mode="idle"} 10
                node_cpu_seconds_total{cpu="0",mode="user"} 10
                node_cpu_seconds_total{mode="idle",cpu="1"} 10
                node_cpu_seconds_total{ cpu="7" , mode="idle" } 10
                node_cpu_seconds_total{cpu="7",mode="idle"} 11
                node_load1 0.5 1700000000000
                node_load15 9
                """;
        NodeMetrics m = NodeExporterParser.parse(text);

        assertThat(m.cpus()).isEqualTo(3);
        assertThat(m.load1()).isEqualTo(0.5);
        assertThat(m.memTotalBytes()).isEqualTo(-1);
        assertThat(m.memoryPressure()).isZero();
    }

    @Test
    void missingLoadFailsWithReason() {
        assertThatThrownBy(() -> NodeExporterParser.parse("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 1\n"))
                .isInstanceOf(ProbeFailure.class).hasMessage("metrics: no node_load1 sample");
    }

    @Test
    void missingCpuSamplesFailWithReason() {
        assertThatThrownBy(() -> NodeExporterParser.parse("node_load1 1\n"))
                .isInstanceOf(ProbeFailure.class).hasMessageContaining("to count CPUs");
    }

    @Test
    void garbageValueFailsWithLineNumber() {
        assertThatThrownBy(() -> NodeExporterParser.parse("# x\nnode_load1 lots\n"))
                .isInstanceOf(ProbeFailure.class).hasMessage("metrics line 2: value 'lots' is not a number");
    }

    @Test
    void negativeOrNotANumberLoadFails() {
        String cpu = "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 1\n";
        assertThatThrownBy(() -> NodeExporterParser.parse(cpu + "node_load1 -1\n"))
                .isInstanceOf(ProbeFailure.class).hasMessageContaining("expected a finite number >= 0");
        assertThatThrownBy(() -> NodeExporterParser.parse(cpu + "node_load1 NaN\n"))
                .isInstanceOf(ProbeFailure.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> NodeExporterParser.parse(cpu + "node_load1 +Inf\n"))
                .isInstanceOf(ProbeFailure.class).hasMessageContaining("Infinity");
    }

    @Test
    void unterminatedLabelsFail() {
        assertThatThrownBy(() -> NodeExporterParser.parse("node_load1 1\nnode_cpu_seconds_total{cpu=\"0,mode=\"idle\n"))
                .isInstanceOf(ProbeFailure.class).hasMessageStartingWith("metrics line 2:");
    }

    @Test
    void htmlInsteadOfMetricsFails() {
        assertThatThrownBy(() -> NodeExporterParser.parse("<html><body>Node Exporter</body></html>"))
                .isInstanceOf(ProbeFailure.class).hasMessage("metrics: no node_load1 sample");
    }

    @Test
    void escapedQuotesInOtherLabelsAreRead() throws Exception {
        NodeMetrics m = NodeExporterParser.parse("""
                node_cpu_seconds_total{cpu="a\\"b",mode="idle"} 1
                node_cpu_seconds_total{cpu="a\\\\",mode="idle"} 1
                node_load1 2
                """);
        assertThat(m.cpus()).isEqualTo(2);
    }
}
