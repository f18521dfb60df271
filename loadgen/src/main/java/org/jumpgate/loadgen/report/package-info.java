/**
 * What a person or a machine reads about a {@link org.jumpgate.loadgen.run.LoadResult}: the text
 * table printed at the end of a run ({@link org.jumpgate.loadgen.report.SummaryTable}), JSON with
 * stable keys and microsecond latencies ({@link org.jumpgate.loadgen.report.JsonSummary}), a
 * self-contained HTML page with inline SVG charts and no script
 * ({@link org.jumpgate.loadgen.report.HtmlReport}), the per-metric latency summaries they show
 * ({@link org.jumpgate.loadgen.report.LatencySummary}), and the progress bar on the terminal while
 * a run goes ({@link org.jumpgate.loadgen.report.ProgressView}).
 */
package org.jumpgate.loadgen.report;
