package org.jumpgate.loadgen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small line chart as inline SVG: axes, ticks, one polyline per series, a legend. No scripts. */
final class SvgChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 300;
    static final int LEFT = 64;
    static final int RIGHT = 150;
    static final int TOP = 30;
    static final int BOTTOM = 44;
    static final int Y_TICKS = 5;

    /** A line: {@code id} goes into {@code data-series}; points are {x, y} in data units. */
    record Series(String id, String label, String color, List<double[]> points) {
    }

    /** An x axis tick at {@code value} (data units). */
    record Tick(double value, String label) {
    }

    private SvgChart() {
    }

    static String render(String title, String xLabel, String yLabel, List<Series> series, List<Tick> xTicks) {
        double xMax = 0;
        double xMin = Double.MAX_VALUE;
        double yMax = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                xMax = Math.max(xMax, p[0]);
                xMin = Math.min(xMin, p[0]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        if (xMin == Double.MAX_VALUE) {
            xMin = 0;
        }
        for (Tick t : xTicks) {
            xMax = Math.max(xMax, t.value());
            xMin = Math.min(xMin, t.value());
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        yMax = niceCeiling(yMax);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        final double x0 = xMin;
        final double xs = plotW / (xMax - xMin);
        final double ys = plotH / yMax;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT, esc(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>%n", LEFT, esc(title)));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"plot\"/>%n",
                LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= Y_TICKS; i++) {
            double v = yMax * i / Y_TICKS;
            double y = TOP + plotH - v * ys;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"ytick\">%s</text>%n", LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4,
                    number(v)));
        }
        List<Tick> ticks = xTicks.isEmpty() ? autoTicks(xMin, xMax) : xTicks;
        for (Tick t : ticks) {
            double x = LEFT + (t.value() - x0) * xs;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" class=\"xtick\">%s</text>%n", x, TOP, x, TOP + plotH, x,
                    TOP + plotH + 16, esc(t.label())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 6, esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" class=\"axis\" transform=\"rotate(-90 14 %d)\">"
                + "%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, esc(yLabel)));
        int legendY = TOP + 10;
        for (Series se : series) {
            StringBuilder pts = new StringBuilder();
            for (double[] p : se.points()) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + (p[0] - x0) * xs, TOP + plotH - p[1] * ys));
            }
            s.append(String.format(Locale.ROOT, "<polyline data-series=\"%s\" points=\"%s\" fill=\"none\" "
                    + "stroke=\"%s\" stroke-width=\"2\"><title>%s</title></polyline>%n", esc(se.id()),
                    pts.toString().trim(), se.color(), esc(se.label())));
            if (se.points().size() == 1) {
                double[] p = se.points().get(0);
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        LEFT + (p[0] - x0) * xs, TOP + plotH - p[1] * ys, se.color()));
            }
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>%n", LEFT + plotW + 12, legendY - 4, se.color(),
                    LEFT + plotW + 30, legendY, esc(se.label())));
            legendY += 18;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static List<Tick> autoTicks(double min, double max) {
        double step = niceCeiling((max - min) / 6);
        List<Tick> out = new ArrayList<>();
        for (double v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) {
            out.add(new Tick(v, number(v)));
        }
        return out;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String number(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return v < 1 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
