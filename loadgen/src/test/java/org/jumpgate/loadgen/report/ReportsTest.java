package org.jumpgate.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jumpgate.loadgen.run.LoadResult;
import org.jumpgate.loadgen.run.MadeUpRun;
import org.junit.jupiter.api.Test;

/** The summary table, JSON and HTML report of a made-up login run: three seconds, one error. */
class ReportsTest {

    private static LoadResult result() {
        return MadeUpRun.login();
    }

    @Test
    void theSummaryTableHasOneRowPerMetricWithData() {
        String s = SummaryTable.format(result());
        assertThat(s).startsWith("jumpgate load: login against 127.0.0.1:2222, 2 users, concurrency 4, rate 100.0/s\n"
                + "ran 3.0 s (count reached)\ncompleted 300  errors 2  100.0 ops/s  connects 301  sessions 300\n");
        assertThat(s).contains("latency ms     count       min       p50       p90       p99     p99.9       max");
        assertThat(s).containsPattern("connect +300 +0\\.201 +0\\.250 .*");
        assertThat(s).containsPattern("login +300 +10\\.008 +11\\.\\d+ .* +13\\.007\n");
        assertThat(s).doesNotContain("echo ");
        assertThat(s).contains("  totp-step-used          2  e.g. step used");
        assertThat(s).contains("host key: ssh-ed25519 SHA256:abc (not verified)");
    }

    @Test
    void jsonCarriesCountsPercentilesAndTheTimeline() throws Exception {
        JsonNode j = new ObjectMapper().readTree(JsonSummary.format(result()));
        assertThat(j.get("completed").asLong()).isEqualTo(300);
        assertThat(j.get("stop_reason").asText()).isEqualTo("count");
        assertThat(j.at("/errors/totp-step-used").asLong()).isEqualTo(2);
        assertThat(j.at("/latency_us/login/count").asLong()).isEqualTo(300);
        long p50 = j.at("/latency_us/login/p50").asLong();
        assertThat(p50).isBetween(10_000L, 12_100L);
        assertThat(j.at("/latency_us/login/p99").asLong()).isGreaterThanOrEqualTo(p50);
        assertThat(j.get("timeline")).hasSize(6);
        assertThat(j.at("/timeline/0/metric").asText()).isEqualTo("connect");
        assertThat(j.at("/percentiles_us/login").size()).isGreaterThan(5);
        assertThat(j.at("/plan/rate_per_s").asDouble()).isEqualTo(100.0);
    }

    @Test
    void theHtmlReportDrawsLatencyOverTimeAndTheDistributionInline() {
        String html = HtmlReport.render(result());
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("src=")
                .doesNotContain("href=");
        assertThat(html).contains("<svg").contains("data-series=\"login-p50\"").contains("data-series=\"login-p99\"")
                .contains("data-series=\"connect-p99\"").contains("latency by percentile")
                .contains("data-series=\"login\"").contains("data-series=\"connect\"").contains(">99.9%<");
        assertThat(html).contains("<td>totp-step-used</td><td>2</td>");
        // three points per second-series
        String p99 = html.substring(html.indexOf("data-series=\"login-p99\""));
        String points = p99.substring(p99.indexOf("points=\"") + 8, p99.indexOf("\" fill"));
        assertThat(points.split(" ")).hasSize(3);
    }

    @Test
    void percentilesMapToALogAxis() {
        assertThat(HtmlReport.percentileX(0)).isEqualTo(0);
        assertThat(HtmlReport.percentileX(90)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(HtmlReport.percentileX(99.9)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(HtmlReport.percentileX(100)).isEqualTo(HtmlReport.PERCENTILE_NINES);
    }

    @Test
    void chartTextIsEscaped() {
        String svg = SvgChart.render("a<b & \"c\"", "x", "y",
                java.util.List.of(new SvgChart.Series("s", "<s>", "#000", java.util.List.of(new double[] {1, 2}))),
                java.util.List.of());
        assertThat(svg).contains("a&lt;b &amp; &quot;c&quot;").contains("&lt;s&gt;").doesNotContain("<s>");
        assertThat(SvgChart.niceCeiling(7.3)).isEqualTo(10);
        assertThat(SvgChart.niceCeiling(0.13)).isEqualTo(0.2);
    }
}
