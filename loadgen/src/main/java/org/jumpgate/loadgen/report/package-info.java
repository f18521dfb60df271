/**
 * What a person or a machine reads about a {@link org.jumpgate.loadgen.run.LoadResult}: the text
 * table printed at the end of a run ({@link org.jumpgate.loadgen.report.SummaryTable}), JSON with
 * stable keys and microsecond latencies ({@link org.jumpgate.loadgen.report.JsonSummary}), a
 * self-contained HTML page with inline SVG charts and no script
 * ({@link org.jumpgate.loadgen.report.HtmlReport}), each showing the run's per-metric
 * {@link org.jumpgate.loadgen.run.LatencySummary}, and the progress bar on the terminal while
 * a run goes ({@link org.jumpgate.loadgen.report.ProgressView}).
 */
package org.jumpgate.loadgen.report;
