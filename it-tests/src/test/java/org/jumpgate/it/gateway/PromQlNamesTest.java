package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric names read out of the dashboard's and the rules' expressions, and nothing else. */
class PromQlNamesTest {

    @Test
    void namesAreReadPastFunctionsLabelsRangesAndGrafanaVariables() {
        assertThat(PromQlNames.in("histogram_quantile(0.95, sum by (phase, le) (rate(jumpgate_login_duration_seconds_bucket"
                + "{job=\"jumpgate\", instance=~\"$instance\"}[$__rate_interval])))"))
                .containsExactly("jumpgate_login_duration_seconds_bucket");
        assertThat(PromQlNames.in("process_files_open_files{job=\"jumpgate\"} / process_files_max_files > 0.8"))
                .containsExactly("process_files_max_files", "process_files_open_files");
        assertThat(PromQlNames.in("sum without (node) (increase(a_total[5m] offset 1h)) > 1e3 and on (instance) up == 0"))
                .containsExactly("a_total", "up");
        assertThat(PromQlNames.in("max by (instance, version) (jumpgate_build_info) == bool 1"))
                .containsExactly("jumpgate_build_info");
    }

    @Test
    void aGrafanaLabelValuesQueryReadsItsMetric() {
        assertThat(PromQlNames.in("label_values(jumpgate_build_info{job=\"jumpgate\"}, instance)"))
                .containsExactly("jumpgate_build_info");
    }
}
