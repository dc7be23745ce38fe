package org.poglm.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.chartpart.Legend_HeatMap;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart (headless) into a PNG and an SVG each: a common light
 * style, the colour-blind-safe Okabe-Ito palette, about 700 px wide. What XChart does not draw
 * (dots side by side, colour bars, compressed axes, raster ticks) is drawn by annotations, with
 * text as glyph outlines like XChart's own, so that the PNG and the SVG look the same.
 */
final class Charts {
    static {
        // Charts are drawn without a display (servers, Spark drivers, CI).
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * A drawn chart: its file name under charts/ (a {@code .png}), a text alternative, the PNG, the
     * same chart as SVG (written next to the PNG as {@link #svgFile()}) and the size in pixels.
     */
    record Image(String file, String alt, byte[] png, byte[] svg, int width, int height) {
        /** The SVG's file name: the PNG's with {@code .svg}. */
        String svgFile() {
            return svgName(file);
        }
    }

    /** {@code name.png} as {@code name.svg} (any other name gets {@code .svg} appended). */
    static String svgName(String pngFile) {
        return (pngFile.endsWith(".png") ? pngFile.substring(0, pngFile.length() - 4) : pngFile) + ".svg";
    }

    /** Okabe-Ito, without its yellow (too light on white). */
    static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00), new Color(0x000000), new Color(0x999999)};
    static final Color BLUE = new Color(0x2166AC);
    static final Color RED = new Color(0xB2182B);
    private static final Color INK = new Color(0x222222);
    private static final Color GRID = new Color(0xE6E6E6);
    private static final String FONT = Font.SANS_SERIF;
    /** The font measurements XChart itself uses (anti-aliased, fractional metrics). */
    private static final FontRenderContext FRC = new FontRenderContext(null, true, false);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f);
    static final int WIDTH = 700;

    private Charts() {
    }

    /** A fixed colour per scheme, the same in every chart: F blue, FS orange, FB green. */
    static Color schemeColor(String scheme, int fallbackIndex) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "f" -> PALETTE[0];
            case "fs" -> PALETTE[1];
            case "fb" -> PALETTE[2];
            default -> PALETTE[3 + Math.floorMod(fallbackIndex, PALETTE.length - 3)];
        };
    }

    static <S extends AxesChartStyler> S style(S s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(0xBBBBBB));
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 14));
        s.setChartFontColor(INK);
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        s.setAxisTickLabelsColor(new Color(0x444444));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 11));
        s.setLegendBorderColor(new Color(0xDDDDDD));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setSeriesColors(PALETTE);
        s.setChartPadding(10);
        s.setAntiAlias(true);
        s.setLocale(Locale.ROOT);
        s.setAnnotationLineColor(INK);
        return s;
    }

    /** The chart drawn twice: as a PNG and as an SVG (VectorGraphics2D, through XChart's encoder). */
    static Image png(String file, String alt, Chart<?, ?> chart) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            ByteArrayOutputStream svg = new ByteArrayOutputStream(1 << 15);
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return new Image(file, alt, png, svg.toByteArray(), chart.getWidth(), chart.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException("encoding chart " + file, e);
        }
    }

    // ---- bars (Fig. 4a)

    /** One series of a grouped bar chart: one value (and error) per category; NaN for none. */
    record Bars(String name, Color color, double[] value, double[] error) {
    }

    /**
     * Grouped bars with error bars, for values measured from zero (errors, counts). Unless
     * {@code fromZero}, bars rise from a round floor below the smallest value (a bar's height is
     * then its distance to that floor, not to zero: for such values, e.g. log-likelihoods, use
     * {@link #dotWhisker} instead); {@code reference} (NaN for none) is drawn as a dashed line
     * labelled {@code referenceLabel}. {@code range} (or null) fixes the y range.
     */
    static Image bars(String file, String title, String xTitle, String yTitle, List<String> categories,
                      List<Bars> series, double reference, String referenceLabel, boolean fromZero, double[] range) {
        double[] r = range != null ? range : barRange(series, reference, fromZero);
        double floor = r[0];
        boolean slanted = categories.stream().mapToInt(String::length).sum() * 7 > WIDTH * 0.8;
        int height = slanted ? 380 + 4 * categories.stream().mapToInt(String::length).max().orElse(0) : 380;
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(height).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setAvailableSpaceFill(0.8).setOverlapped(false);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(r[1] - floor);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        c.getStyler().setErrorBarsColor(INK);
        c.getStyler().setYAxisTickLabelsFormattingFunction(v -> tick(v + floor));
        c.getStyler().setLegendVisible(series.size() > 1 || !series.get(0).name().isEmpty());
        // Every category gets its label (XChart skips some when they are closer than its spacing
        // hint); long ones (e.g. with the best H of each scheme) are slanted so as not to overlap.
        c.getStyler().setXAxisTickMarkSpacingHint(10);
        if (slanted) {
            c.getStyler().setXAxisLabelRotation(40);
        }
        for (Bars b : series) {
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                boolean has = Double.isFinite(b.value()[i]);
                ys.add(has ? b.value()[i] - floor : null);
                es.add(has ? (Double.isFinite(b.error()[i]) ? b.error()[i] : 0.0) : null);
            }
            c.addSeries(b.name().isEmpty() ? " " : b.name(), categories, ys, es).setFillColor(b.color());
        }
        if (Double.isFinite(reference)) {
            c.addAnnotation(new ReferenceLine(reference - floor, referenceLabel));
        }
        return png(file, title, c);
    }

    /** [floor, top] with a margin around values +- errors and the reference, on round numbers. */
    static double[] barRange(List<Bars> series, double reference, boolean fromZero) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Bars b : series) {
            for (int i = 0; i < b.value().length; i++) {
                double v = b.value()[i];
                if (Double.isFinite(v)) {
                    double e = Double.isFinite(b.error()[i]) ? b.error()[i] : 0;
                    lo = Math.min(lo, v - e);
                    hi = Math.max(hi, v + e);
                }
            }
        }
        if (Double.isFinite(reference)) {
            lo = Math.min(lo, reference);
            hi = Math.max(hi, reference);
        }
        if (!Double.isFinite(lo)) {
            return new double[] {0, 1};
        }
        if (fromZero) {
            lo = Math.min(0, lo);
            hi = Math.max(0, hi);
            double step = niceStep((hi - lo) / 5);
            return new double[] {Math.floor(lo / step) * step, Math.ceil(hi * 1.08 / step) * step};
        }
        double span = Math.max(hi - lo, Math.max(1e-6, Math.abs(hi) * 1e-6));
        // Room below the shortest bar so that it stays visible, and above for the error bars. The
        // floor is a multiple of a power of ten near the span: XChart places its ticks at multiples
        // of its own step above the floor, which then read as round numbers.
        double unit = Math.pow(10, Math.floor(Math.log10(span)));
        double floor = Math.floor((lo - 0.5 * span) / unit) * unit;
        double top = hi + 0.12 * span;
        return new double[] {floor, top};
    }

    /** A tick label: the value rounded to 9 significant digits, without trailing zeros. */
    static String tick(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(9)).stripTrailingZeros();
        String t = d.abs().compareTo(java.math.BigDecimal.valueOf(1e-12)) < 0 ? "0" : d.toPlainString();
        return t;
    }

    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
    }

    static int decimalsFor(double span) {
        if (!(span > 0)) {
            return 2;
        }
        return Math.max(0, Math.min(6, 1 - (int) Math.floor(Math.log10(span / 5))));
    }

    /** A dashed horizontal line across the plot at a y value, labelled at its right end. */
    static final class ReferenceLine extends Annotation {
        private final double y;
        private final String label;

        ReferenceLine(double y, String label) {
            super(false);
            this.y = y;
            this.label = label;
        }

        @Override
        public void paint(Graphics2D g) {
            double sy = chart.getScreenYFromChart(y);
            double x0 = getXAxisScreenValueForMin();
            double x1 = getXAxisScreenValueForMax();
            g.setColor(INK);
            g.setStroke(DASHED);
            g.draw(new Line2D.Double(x0, sy, x1, sy));
            if (label != null && !label.isEmpty()) {
                referenceLabel(g, label, x0, x1, sy, List.of());
            }
        }

        @Override
        public Rectangle getBounds() {
            return new Rectangle();
        }
    }

    // ---- dot and whisker (Fig. 4a)

    /**
     * One series of a dot-and-whisker chart: per category a dot at {@code mean} and a whisker from
     * {@code low} to {@code high}; NaN for no dot (or no whisker).
     */
    record Dots(String name, Color color, double[] mean, double[] low, double[] high) {
        /** A dot at each mean with a whisker of one {@code spread} (e.g. the sd) each side. */
        static Dots symmetric(String name, Color color, double[] mean, double[] spread) {
            double[] lo = new double[mean.length];
            double[] hi = new double[mean.length];
            for (int i = 0; i < mean.length; i++) {
                double e = Double.isFinite(spread[i]) ? spread[i] : Double.NaN;
                lo[i] = mean[i] - e;
                hi[i] = mean[i] + e;
            }
            return new Dots(name, color, mean, lo, hi);
        }
    }

    /**
     * Dots with whiskers per category, the series side by side (a small offset each, so that their
     * whiskers do not overlap), on a y axis that covers the data and need not include zero (unlike
     * a bar, a dot does not mean a length); {@code reference} (NaN for none) is a dashed horizontal
     * line labelled {@code referenceLabel}, the label placed where it hides no dot or whisker.
     */
    static Image dotWhisker(String file, String title, String xTitle, String yTitle, List<String> categories,
                            List<Dots> series, double reference, String referenceLabel) {
        return dotWhisker(file, title, xTitle, yTitle, categories, series, reference, referenceLabel, null);
    }

    /** As {@link #dotWhisker(String, String, String, String, List, List, double, String)}; {@code range} (or null) fixes the y range. */
    static Image dotWhisker(String file, String title, String xTitle, String yTitle, List<String> categories,
                            List<Dots> series, double reference, String referenceLabel, double[] range) {
        double[] r = range != null ? range : dotRange(series, reference);
        boolean slanted = categories.stream().mapToInt(String::length).sum() * 7 > WIDTH * 0.8;
        int height = slanted ? 380 + 4 * categories.stream().mapToInt(String::length).max().orElse(0) : 380;
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(height).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        c.getStyler().setYAxisMin(r[0]).setYAxisMax(r[1]);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        c.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        c.getStyler().setMarkerSize(9);
        c.getStyler().setLegendVisible(series.size() > 1 || !series.get(0).name().isEmpty());
        // Every category gets its label; long ones are slanted so as not to overlap (as for bars).
        c.getStyler().setXAxisTickMarkSpacingHint(10);
        if (slanted) {
            c.getStyler().setXAxisLabelRotation(40);
        }
        List<Double> none = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            none.add(null);
        }
        for (Dots d : series) {
            // The series gives the legend its entry; DotLayer draws the dots, side by side.
            CategorySeries s = c.addSeries(d.name().isEmpty() ? " " : d.name(), categories, none);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(d.color());
        }
        c.addAnnotation(new DotLayer(categories.size(), series, reference, referenceLabel));
        return png(file, title, c);
    }

    /** [low, high] covering every dot, whisker and the reference, with a margin of 10% each side. */
    static double[] dotRange(List<Dots> series, double reference) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Dots d : series) {
            for (int i = 0; i < d.mean().length; i++) {
                if (Double.isFinite(d.mean()[i])) {
                    extend(r, d.mean()[i]);
                    extend(r, d.low()[i]);
                    extend(r, d.high()[i]);
                }
            }
        }
        extend(r, reference);
        if (!Double.isFinite(r[0])) {
            return new double[] {0, 1};
        }
        double span = Math.max(r[1] - r[0], Math.max(1e-6, Math.abs(r[1]) * 1e-6));
        return new double[] {r[0] - 0.1 * span, r[1] + 0.1 * span};
    }

    /**
     * Draws a dot-and-whisker chart's content over its category axis: the reference line, then per
     * category the series' whiskers and dots side by side (XChart puts every series of a category
     * at its centre), then the reference label where it covers none of them.
     */
    static final class DotLayer extends Annotation {
        private final int categories;
        private final List<Dots> series;
        private final double reference;
        private final String label;

        DotLayer(int categories, List<Dots> series, double reference, String label) {
            super(false);
            this.categories = categories;
            this.series = series;
            this.reference = reference;
            this.label = label;
        }

        @Override
        public void paint(Graphics2D g) {
            double x0 = getXAxisScreenValueForMin();
            double x1 = getXAxisScreenValueForMax();
            // As XChart's category axis: the categories share the plot content's width, centred.
            double content = chart.getStyler().getPlotContentSize();
            double tickSpace = content * (x1 - x0);
            double step = tickSpace / categories;
            double first = x0 + (x1 - x0 - tickSpace) / 2 + step / 2;
            int k = series.size();
            double offset = Math.min(26, step * 0.7 / Math.max(1, k));
            List<Rectangle2D> taken = new ArrayList<>();
            double sy = Double.isFinite(reference) ? chart.getScreenYFromChart(reference) : Double.NaN;
            if (Double.isFinite(sy)) {
                g.setColor(INK);
                g.setStroke(DASHED);
                g.draw(new Line2D.Double(x0, sy, x1, sy));
            }
            double r = 4.5;
            for (int j = 0; j < k; j++) {
                Dots d = series.get(j);
                for (int i = 0; i < Math.min(categories, d.mean().length); i++) {
                    if (!Double.isFinite(d.mean()[i])) {
                        continue;
                    }
                    double x = first + i * step + (j - (k - 1) / 2.0) * offset;
                    double y = chart.getScreenYFromChart(d.mean()[i]);
                    double top = y;
                    double bottom = y;
                    g.setColor(d.color());
                    if (Double.isFinite(d.low()[i]) && Double.isFinite(d.high()[i])) {
                        top = chart.getScreenYFromChart(d.high()[i]);
                        bottom = chart.getScreenYFromChart(d.low()[i]);
                        g.setStroke(new BasicStroke(1.8f));
                        g.draw(new Line2D.Double(x, top, x, bottom));
                        g.draw(new Line2D.Double(x - 4, top, x + 4, top));
                        g.draw(new Line2D.Double(x - 4, bottom, x + 4, bottom));
                    }
                    Ellipse2D dot = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
                    g.fill(dot);
                    g.setColor(Color.WHITE);
                    g.setStroke(new BasicStroke(1.2f));
                    g.draw(dot);
                    taken.add(new Rectangle2D.Double(x - r - 2, Math.min(top, y - r) - 2, 2 * r + 4,
                        Math.abs(Math.max(bottom, y + r) - Math.min(top, y - r)) + 4));
                }
            }
            if (Double.isFinite(sy) && label != null && !label.isEmpty()) {
                referenceLabel(g, label, x0, x1, sy, taken);
            }
        }

        @Override
        public Rectangle getBounds() {
            return new Rectangle();
        }
    }

    /**
     * A reference line's label, on a white box just above (or below) the line at its right (or
     * left) end: the first of these four places that overlaps nothing in {@code taken}.
     */
    static void referenceLabel(Graphics2D g, String label, double x0, double x1, double sy, List<Rectangle2D> taken) {
        Font font = new Font(FONT, Font.PLAIN, 11);
        TextLayout t = new TextLayout(label, font, FRC);
        double w = t.getAdvance();
        double h = t.getAscent() + t.getDescent();
        double[][] places = {{x1 - w - 8, sy - h - 4}, {x0 + 4, sy - h - 4}, {x1 - w - 8, sy + 3}, {x0 + 4, sy + 3}};
        Rectangle2D box = null;
        for (double[] p : places) {
            Rectangle2D candidate = new Rectangle2D.Double(p[0], p[1], w + 6, h + 2);
            if (taken.stream().noneMatch(candidate::intersects)) {
                box = candidate;
                break;
            }
        }
        if (box == null) {
            box = new Rectangle2D.Double(places[0][0], places[0][1], w + 6, h + 2);
        }
        g.setColor(new Color(255, 255, 255, 220));
        g.fill(box);
        g.setColor(INK);
        text(g, label, font, box.getX() + 3, box.getY() + 1 + t.getAscent());
    }

    /** Text as glyph outlines, like XChart's own (the same look in the PNG and in the SVG); baseline at y. */
    static void text(Graphics2D g, String s, Font font, double x, double y) {
        if (s == null || s.isEmpty()) {
            return;
        }
        TextLayout t = new TextLayout(s, font, FRC);
        g.fill(t.getOutline(AffineTransform.getTranslateInstance(x, y)));
    }

    /** Text turned a quarter left (read from bottom to top), centred on (x, y) along its length; baseline at x. */
    static void verticalText(Graphics2D g, String s, Font font, double x, double y) {
        if (s == null || s.isEmpty()) {
            return;
        }
        TextLayout t = new TextLayout(s, font, FRC);
        AffineTransform at = AffineTransform.getTranslateInstance(x, y);
        at.rotate(-Math.PI / 2);
        at.translate(-t.getAdvance() / 2, 0);
        g.fill(t.getOutline(at));
    }

    /** The advance of a text in a font (what {@link #text} takes). */
    static double textWidth(String s, Font font) {
        return s == null || s.isEmpty() ? 0 : new TextLayout(s, font, FRC).getAdvance();
    }

    // ---- lines (learning curves, LL vs H, scatter)

    /**
     * A line with an optional band (lo/hi, may be null) around it and optional error bars;
     * {@code x} may be null where the chart gives every line the same x ({@link #timeSeries});
     * {@code inLegend} false keeps it out of the legend (e.g. a validation curve that its chart's
     * title or caption explains).
     */
    record Line(String name, Color color, double[] x, double[] y, double[] lo, double[] hi, boolean dashed,
                double[] error, boolean inLegend) {
        Line(String name, Color color, double[] x, double[] y, double[] lo, double[] hi, boolean dashed,
             double[] error) {
            this(name, color, x, y, lo, hi, dashed, error, true);
        }

        Line(String name, Color color, double[] x, double[] y, double[] lo, double[] hi, boolean dashed) {
            this(name, color, x, y, lo, hi, dashed, null, true);
        }

        /** A plain solid line over the chart's shared x ({@link #timeSeries}). */
        Line(String name, Color color, double[] y) {
            this(name, color, null, y, null, null, false, null, true);
        }

        /** The same line over {@code x}. */
        Line at(double[] x) {
            return new Line(name, color, x, y, lo, hi, dashed, error, inLegend);
        }
    }

    /** Lines with translucent bands; the y range covers lines and bands (or {@code yRange} if given). */
    static Image lines(String file, String title, String xTitle, String yTitle, List<Line> lines, boolean markers,
                       double[] yRange, boolean integerX, int width, int height, double reference) {
        return png(file, title, linesChart(title, xTitle, yTitle, lines, markers, yRange, integerX, width, height,
            reference, List.of()));
    }

    /** The chart of {@link #lines}; light horizontal lines at {@code gridY}, under the data. */
    private static XYChart linesChart(String title, String xTitle, String yTitle, List<Line> lines, boolean markers,
                                      double[] yRange, boolean integerX, int width, int height, double reference,
                                      List<Double> gridY) {
        return linesChart(title, xTitle, yTitle, lines, markers, yRange, integerX, width, height, reference, gridY,
            false);
    }

    /** As above; {@code zeroLine}: a grey line at y = 0 under the data when the y range spans 0. */
    private static XYChart linesChart(String title, String xTitle, String yTitle, List<Line> lines, boolean markers,
                                      double[] yRange, boolean integerX, int width, int height, double reference,
                                      List<Double> gridY, boolean zeroLine) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
            .build();
        style(c.getStyler());
        c.getStyler().setErrorBarsColor(INK);
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                extend(xr, l.x()[i]);
                extend(yr, l.y()[i]);
                if (l.lo() != null) {
                    extend(yr, l.lo()[i]);
                    extend(yr, l.hi()[i]);
                }
                if (l.error() != null && Double.isFinite(l.error()[i])) {
                    extend(yr, l.y()[i] - l.error()[i]);
                    extend(yr, l.y()[i] + l.error()[i]);
                }
            }
        }
        if (yRange != null) {
            yr = yRange.clone();
        } else if (Double.isFinite(yr[0])) {
            double pad = Math.max((yr[1] - yr[0]) * 0.05, Math.max(1e-9, Math.abs(yr[1]) * 1e-6));
            yr = new double[] {yr[0] - pad, yr[1] + pad};
        } else {
            yr = new double[] {0, 1};
        }
        c.getStyler().setYAxisMin(yr[0]).setYAxisMax(yr[1]);
        if (Double.isFinite(xr[0])) {
            double pad = integerX ? 0.3 : 0;
            c.getStyler().setXAxisMin(xr[0] - pad).setXAxisMax(xr[1] + pad);
        }
        if (integerX) {
            c.getStyler().setXAxisDecimalPattern("0");
        } else {
            // Times in seconds read 1881.5, not 1,881.5.
            c.getStyler().setXAxisTickLabelsFormattingFunction(Charts::tick);
        }
        c.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        int g = 0;
        for (double y : gridY) {
            XYSeries s = c.addSeries("\u0000grid" + g++, new double[] {xr[0] - 1, xr[1] + 1}, new double[] {y, y});
            s.setLineColor(GRID);
            s.setLineStyle(new BasicStroke(1f));
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
        if (zeroLine && yr[0] < 0 && yr[1] > 0 && Double.isFinite(xr[0])) {
            XYSeries s = c.addSeries("\u0000zero", new double[] {xr[0] - 1, xr[1] + 1}, new double[] {0, 0});
            s.setLineColor(new Color(0xAAAAAA));
            s.setLineStyle(new BasicStroke(1f));
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
        for (Line l : lines) {
            XYSeries s = l.error() != null
                ? c.addSeries(l.name(), l.x(), l.y(), Arrays.stream(l.error()).map(e -> Double.isFinite(e) ? e : 0)
                    .toArray())
                : c.addSeries(l.name(), l.x(), l.y());
            s.setLineColor(l.color());
            s.setMarkerColor(l.color());
            s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineStyle(l.dashed() ? new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(1.8f));
            s.setShowInLegend(l.inLegend());
            if (l.lo() != null) {
                c.addAnnotation(new Band(l.x(), l.lo(), l.hi(), l.color(), yr));
            }
        }
        c.getStyler().setLegendVisible(lines.stream().anyMatch(l -> l.inLegend() && !l.name().isBlank()));
        if (Double.isFinite(reference)) {
            c.addAnnotation(new ReferenceLine(reference, ""));
        }
        return c;
    }

    // ---- time series (inferred rates, predicted versus observed, coupling filters)

    /**
     * Plain lines over a shared x (a line's own x, when it has one, wins): for rates over time, or
     * filters over the lag; no bands, no markers, a grey line at 0 when the values cross it; the y
     * range covers the values with a 5% margin. 340 px high.
     *
     * @throws IllegalArgumentException when a line's y does not match its x in length
     */
    static Image timeSeries(String file, String title, String xTitle, String yTitle, double[] x, List<Line> lines,
                            int width) {
        List<Line> at = new ArrayList<>();
        for (Line l : lines) {
            Line a = l.x() == null ? l.at(x) : l;
            if (a.x() == null || a.x().length != a.y().length) {
                throw new IllegalArgumentException(file + ": line '" + l.name() + "' has " + l.y().length
                    + " values for " + (a.x() == null ? "no" : Integer.toString(a.x().length)) + " x values");
            }
            at.add(a);
        }
        return png(file, title, linesChart(title, xTitle, yTitle, at, false, null, false, width, 340, Double.NaN,
            List.of(), true));
    }

    // ---- spike raster

    /**
     * A spike raster: one row per unit (the first at the top, labelled on the y axis; with many
     * units only every few rows are labelled), a tick in a unit's row for each bin where it has at
     * least one spike (two spikes in a bin are one tick), time in seconds on x from the first bin's
     * start to the last bin's end. Meant for a window of the recording (every tick is drawn: a few
     * thousand bins at most).
     *
     * @param binStartSeconds the start of each bin (increasing)
     * @param counts          spike counts, [bin][unit]
     * @throws IllegalArgumentException when the sizes do not match
     */
    static Image raster(String file, String title, double[] binStartSeconds, List<String> units, int[][] counts,
                        int width) {
        int bins = binStartSeconds.length;
        int n = units.size();
        if (counts.length != bins) {
            throw new IllegalArgumentException(file + ": " + counts.length + " rows of counts for " + bins + " bins");
        }
        for (int t = 0; t < bins; t++) {
            if (counts[t].length != n) {
                throw new IllegalArgumentException(file + ": bin " + t + " has " + counts[t].length + " counts for "
                    + n + " units");
            }
        }
        if (bins == 0 || n == 0) {
            throw new IllegalArgumentException(file + ": no bins or no units to draw");
        }
        double bin = binWidth(binStartSeconds);
        double t0 = binStartSeconds[0];
        double t1 = binStartSeconds[bins - 1] + bin;
        int plotHeight = Math.max(120, Math.min(560, n * 16));
        XYChart c = new XYChartBuilder().width(width).height(plotHeight + 110).title(title).xAxisTitle("time (s)")
            .yAxisTitle("unit").build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setPlotGridHorizontalLinesVisible(false);
        c.getStyler().setXAxisMin(t0).setXAxisMax(t1);
        c.getStyler().setXAxisTickLabelsFormattingFunction(Charts::tick);
        c.getStyler().setYAxisMin(-0.5).setYAxisMax(n - 0.5);
        // An invisible series (XChart draws no axes without one); the ticks are RasterTicks'. Its x
        // values are not evenly spaced: XChart would put ticks only at evenly spaced data.
        XYSeries s = c.addSeries("\u0000frame", new double[] {t0, t0 + 0.3 * (t1 - t0), t1},
            new double[] {-1, -1, -1});
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
        // Labels on every row while they are at least 11 px apart, else on every k-th.
        int every = (int) Math.ceil(11.0 / Math.max(1e-9, (double) plotHeight / n));
        List<Double> at = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int v = 0; v < n; v += every) {
            at.add((double) (n - 1 - v));
            String u = units.get(v) == null ? "" : units.get(v);
            labels.add(u.length() > 24 ? u.substring(0, 23) + "\u2026" : u);
        }
        YAxis axis = new YAxis(at, labels, "unit");
        axis.reserve(c.getStyler());
        c.addAnnotation(axis);
        c.addAnnotation(new RasterTicks(binStartSeconds, bin, counts, n));
        return png(file, title, c);
    }

    /** The typical gap between bin starts (their median), or 1 s for a single bin. */
    static double binWidth(double[] starts) {
        if (starts.length < 2) {
            return 1;
        }
        double[] d = new double[starts.length - 1];
        for (int i = 1; i < starts.length; i++) {
            d[i - 1] = starts[i] - starts[i - 1];
        }
        Arrays.sort(d);
        double m = d[d.length / 2];
        return m > 0 && Double.isFinite(m) ? m : 1;
    }

    /** A raster's ticks: per unit one path of short vertical lines at the middle of its bins with spikes. */
    static final class RasterTicks extends Annotation {
        private final double[] starts;
        private final double bin;
        private final int[][] counts;
        private final int units;

        RasterTicks(double[] starts, double bin, int[][] counts, int units) {
            super(false);
            this.starts = starts;
            this.bin = bin;
            this.counts = counts;
            this.units = units;
        }

        @Override
        public void paint(Graphics2D g) {
            double top = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double bottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double row = (bottom - top) / units;
            double half = Math.max(1, row * 0.38);
            double binPx = Math.abs(chart.getScreenXFromChart(starts[0] + bin) - chart.getScreenXFromChart(starts[0]));
            g.setColor(INK);
            g.setStroke(new BasicStroke((float) Math.max(0.8, Math.min(2.0, binPx * 0.6)), BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER));
            for (int v = 0; v < units; v++) {
                double y = chart.getScreenYFromChart(units - 1 - v);
                Path2D p = new Path2D.Double();
                boolean any = false;
                for (int t = 0; t < starts.length; t++) {
                    if (counts[t][v] > 0) {
                        double x = chart.getScreenXFromChart(starts[t] + bin / 2);
                        p.moveTo(x, y - half);
                        p.lineTo(x, y + half);
                        any = true;
                    }
                }
                if (any) {
                    g.draw(p);
                }
            }
        }

        @Override
        public Rectangle getBounds() {
            return new Rectangle();
        }
    }

    // ---- learning curves (Fig. 4c)

    /** A point to mark on a curve (e.g. the epoch whose parameters were kept), drawn as a diamond. */
    record Mark(double x, double y, Color color) {
    }

    /**
     * Learning curves over every epoch from the first: lines (with bands) on a linear y axis, or,
     * with a {@code scale} ({@link Compressed#of}), on that scale, whose axis this chart draws
     * itself with tick labels in the curves' own units; {@code marks} as diamonds.
     */
    static Image curves(String file, String title, String xTitle, String yTitle, List<Line> lines, List<Mark> marks,
                        Compressed scale, int width, int height) {
        if (scale == null) {
            XYChart c = linesChart(title, xTitle, yTitle, lines, false, null, true, width, height, Double.NaN,
                List.of());
            c.addAnnotation(new Marks(marks));
            return png(file, title, c);
        }
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        List<Line> mapped = new ArrayList<>();
        for (Line l : lines) {
            for (int i = 0; i < l.y().length; i++) {
                extend(yr, l.y()[i]);
                if (l.lo() != null) {
                    extend(yr, l.lo()[i]);
                    extend(yr, l.hi()[i]);
                }
            }
            mapped.add(new Line(l.name(), l.color(), l.x(), scale.map(l.y()), l.lo() == null ? null : scale.map(l.lo()),
                l.hi() == null ? null : scale.map(l.hi()), l.dashed(), null, l.inLegend()));
        }
        double uLo = scale.to(yr[0]);
        double uHi = scale.to(yr[1]);
        double pad = (uHi - uLo) * 0.04;
        double[] range = {uLo - pad, uHi + pad};
        List<Double> ticks = scale.ticks(yr[0], yr[1], Math.max(5, (height - 110) / 34));
        List<Double> at = ticks.stream().map(scale::to).toList();
        List<String> labels = ticks.stream().map(Charts::tick).toList();
        XYChart c = linesChart(title, xTitle, yTitle, mapped, false, range, true, width, height, Double.NaN, at);
        YAxis axis = new YAxis(at, labels, yTitle);
        axis.reserve(c.getStyler());
        c.getStyler().setPlotGridHorizontalLinesVisible(false);
        c.addAnnotation(axis);
        c.addAnnotation(new Marks(marks.stream().map(m -> new Mark(m.x(), scale.to(m.y()), m.color())).toList()));
        return png(file, title, c);
    }

    /**
     * A y scale that keeps far-off values in view: {@code u = -asinh((top - y) / width)}, about
     * linear within {@code width} below {@code top} and logarithmic further down, so that the first
     * epochs of a learning curve, often far below the rest, are drawn without flattening the end.
     */
    record Compressed(double top, double width) {
        /**
         * The scale for these lines when their first tenth of epochs (at least one) alone stretches
         * the y range more than threefold, else null (a linear axis shows them well). Then the scale
         * is about linear over the range of the second half of the epochs, where the methods differ
         * (at least 1/200 of the whole range), with a margin above the highest value, and
         * logarithmic below it.
         */
        static Compressed of(List<Line> lines) {
            double lo = Double.POSITIVE_INFINITY;
            double lateLo = Double.POSITIVE_INFINITY;
            double endLo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Line l : lines) {
                int skip = Math.max(1, (int) Math.ceil(l.y().length * 0.1));
                for (int i = 0; i < l.y().length; i++) {
                    double low = l.lo() != null ? Math.min(l.lo()[i], l.y()[i]) : l.y()[i];
                    double high = l.hi() != null ? Math.max(l.hi()[i], l.y()[i]) : l.y()[i];
                    if (Double.isFinite(low)) {
                        lo = Math.min(lo, low);
                        if (i >= skip) {
                            lateLo = Math.min(lateLo, low);
                        }
                        if (i >= l.y().length / 2) {
                            endLo = Math.min(endLo, low);
                        }
                    }
                    if (Double.isFinite(high)) {
                        hi = Math.max(hi, high);
                    }
                }
            }
            if (!Double.isFinite(lateLo) || !(hi > lateLo) || (hi - lateLo) * 3 > (hi - lo)) {
                return null;
            }
            double end = Math.max(Double.isFinite(endLo) ? hi - endLo : 0, (hi - lo) / 200);
            return new Compressed(hi + 0.05 * end, end);
        }

        double to(double y) {
            return -asinh((top - y) / width);
        }

        double from(double u) {
            return top - width * Math.sinh(-u);
        }

        double[] map(double[] ys) {
            return Arrays.stream(ys).map(y -> Double.isFinite(y) ? to(y) : Double.NaN).toArray();
        }

        private static double asinh(double x) {
            return Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1));
        }

        /**
         * About {@code count} round values between {@code lo} and {@code hi}, top down, about evenly
         * spaced on the scale: near each even step, the roundest value (a multiple of 1, 2 or 5
         * times a power of ten, as coarse as the step there allows) within 0.3 steps of it.
         */
        List<Double> ticks(double lo, double hi, int count) {
            double uLo = to(lo);
            double uHi = to(hi);
            double du = (uHi - uLo) / count;
            List<Double> out = new ArrayList<>();
            double lastU = Double.POSITIVE_INFINITY;
            for (int k = 0; k <= count; k++) {
                double u = uHi - k * du;
                double y = from(u);
                double local = Math.abs(from(u + du / 2) - from(u - du / 2));
                double best = Double.NaN;
                for (int f : new int[] {1, 2, 5, 10, 20, 50}) {
                    double step = roundStep(local / f);
                    for (double v : new double[] {Math.floor(y / step) * step, Math.ceil(y / step) * step}) {
                        if (v >= lo && v <= hi && Math.abs(to(v) - u) <= 0.3 * du) {
                            best = v;
                            break;
                        }
                    }
                    if (!Double.isNaN(best)) {
                        break;
                    }
                }
                if (Double.isNaN(best) || lastU - to(best) < 0.6 * du || out.contains(best)) {
                    continue;
                }
                out.add(best);
                lastU = to(best);
            }
            return out;
        }

        /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
        private static double roundStep(double raw) {
            if (!(raw > 0) || !Double.isFinite(raw)) {
                return 1;
            }
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            double m = raw / p;
            return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
        }
    }

    /**
     * A y axis drawn by the chart itself, for scales XChart does not have (its own tick labels and
     * title are hidden and their room kept): tick marks and labels at given positions (chart
     * coordinates), the title along the left edge.
     */
    static final class YAxis extends Annotation {
        private static final Font LABELS = new Font(FONT, Font.PLAIN, 11);
        private static final Font TITLE = new Font(FONT, Font.PLAIN, 12);
        private final List<Double> at;
        private final List<String> labels;
        private final String title;
        private final double labelWidth;

        YAxis(List<Double> at, List<String> labels, String title) {
            super(false);
            this.at = at;
            this.labels = labels;
            this.title = title;
            this.labelWidth = labels.stream().mapToDouble(l -> textWidth(l, LABELS)).max().orElse(0);
        }

        /** Hides XChart's y tick labels and title, keeping their room for this axis. */
        void reserve(AxesChartStyler s) {
            s.setYAxisTicksVisible(false);
            s.setYAxisTitleVisible(false);
            s.setYAxisLeftWidthHint((int) Math.ceil(s.getChartPadding() + 16 + 8 + labelWidth + 9));
        }

        @Override
        public void paint(Graphics2D g) {
            double left = getXAxisScreenValueForMin();
            double top = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double bottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            TextLayout sample = new TextLayout("0", LABELS, FRC);
            for (int i = 0; i < at.size(); i++) {
                double y = chart.getScreenYFromChart(at.get(i));
                if (y < top - 0.5 || y > bottom + 0.5) {
                    continue;
                }
                g.setColor(new Color(0xBBBBBB));
                g.setStroke(new BasicStroke(1f));
                g.draw(new Line2D.Double(left - 4, y, left, y));
                g.setColor(new Color(0x444444));
                String label = labels.get(i);
                text(g, label, LABELS, left - 6 - textWidth(label, LABELS), y + sample.getAscent() / 2);
            }
            g.setColor(INK);
            TextLayout t = new TextLayout(title.isEmpty() ? " " : title, TITLE, FRC);
            verticalText(g, title, TITLE, left - 6 - labelWidth - 8 - t.getDescent(), (top + bottom) / 2);
        }

        @Override
        public Rectangle getBounds() {
            return new Rectangle();
        }
    }

    /** Diamonds at points of the chart, white-edged (the colour of their line). */
    static final class Marks extends Annotation {
        private final List<Mark> marks;

        Marks(List<Mark> marks) {
            super(false);
            this.marks = marks;
        }

        @Override
        public void paint(Graphics2D g) {
            for (Mark m : marks) {
                if (!Double.isFinite(m.x()) || !Double.isFinite(m.y())) {
                    continue;
                }
                double x = chart.getScreenXFromChart(m.x());
                double y = chart.getScreenYFromChart(m.y());
                Path2D d = new Path2D.Double();
                double r = 6;
                d.moveTo(x, y - r);
                d.lineTo(x + r, y);
                d.lineTo(x, y + r);
                d.lineTo(x - r, y);
                d.closePath();
                g.setColor(m.color());
                g.fill(d);
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(1.2f));
                g.draw(d);
            }
        }

        @Override
        public Rectangle getBounds() {
            return new Rectangle();
        }
    }

    private static void extend(double[] r, double v) {
        if (Double.isFinite(v)) {
            r[0] = Math.min(r[0], v);
            r[1] = Math.max(r[1], v);
        }
    }

    /** A translucent band between two curves (clipped to the y range: XChart maps values outside it wrongly). */
    static final class Band extends Annotation {
        private final double[] x;
        private final double[] lo;
        private final double[] hi;
        private final Color color;
        private final double[] yRange;

        Band(double[] x, double[] lo, double[] hi, Color color, double[] yRange) {
            super(false);
            this.x = x;
            this.lo = lo;
            this.hi = hi;
            this.color = color;
            this.yRange = yRange;
        }

        private double clip(double v) {
            return Math.max(yRange[0], Math.min(yRange[1], v));
        }

        @Override
        public void paint(Graphics2D g) {
            Path2D p = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(hi[i])) {
                    continue;
                }
                double sx = chart.getScreenXFromChart(x[i]);
                double sy = chart.getScreenYFromChart(clip(hi[i]));
                if (!started) {
                    p.moveTo(sx, sy);
                    started = true;
                } else {
                    p.lineTo(sx, sy);
                }
            }
            if (!started) {
                return;
            }
            for (int i = x.length - 1; i >= 0; i--) {
                if (Double.isFinite(lo[i])) {
                    p.lineTo(chart.getScreenXFromChart(x[i]), chart.getScreenYFromChart(clip(lo[i])));
                }
            }
            p.closePath();
            g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
            g.fill(p);
        }

        @Override
        public Rectangle getBounds() {
            return new Rectangle();
        }
    }

    /** Scatter groups plus the identity line; equal axes. */
    record Points(String name, Color color, double[] x, double[] y) {
    }

    static Image scatter(String file, String title, String xTitle, String yTitle, List<Points> groups) {
        XYChart c = new XYChartBuilder().width(560).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
            .build();
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        double m = 0;
        for (Points p : groups) {
            for (int i = 0; i < p.x().length; i++) {
                m = Math.max(m, Math.max(Math.abs(p.x()[i]), Math.abs(p.y()[i])));
            }
        }
        m = WeightMap.niceCeil(m * 1.05);
        c.getStyler().setXAxisMin(-m).setXAxisMax(m).setYAxisMin(-m).setYAxisMax(m);
        XYSeries id = c.addSeries("learned = true", new double[] {-m, m}, new double[] {-m, m});
        id.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        id.setMarker(SeriesMarkers.NONE);
        id.setLineColor(new Color(0x999999));
        id.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 4f}, 0f));
        for (Points p : groups) {
            if (p.x().length == 0) {
                continue;
            }
            XYSeries s = c.addSeries(p.name(), p.x(), p.y());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(p.color().getRed(), p.color().getGreen(), p.color().getBlue(), 200));
        }
        return png(file, title, c);
    }

    // ---- histogram

    static Image histogram(String file, String title, String xTitle, double[] values) {
        double max = Arrays.stream(values).filter(Double::isFinite).max().orElse(1);
        int bins = (int) Math.max(5, Math.min(20, Math.ceil(Math.sqrt(values.length) * 1.5)));
        double width = niceStep(Math.max(max, 1e-9) / bins);
        int n = (int) Math.max(1, Math.floor(max / width) + 1);
        int[] counts = new int[n];
        for (double v : values) {
            if (Double.isFinite(v) && v >= 0) {
                counts[(int) Math.min(n - 1, Math.floor(v / width))]++;
            }
        }
        List<String> labels = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        int d = width >= 1 ? 0 : Math.min(4, (int) Math.ceil(-Math.log10(width)));
        for (int i = 0; i < n; i++) {
            labels.add(String.format(Locale.ROOT, "%." + d + "f-%." + d + "f", i * width, (i + 1) * width));
            ys.add(counts[i]);
        }
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(320).title(title).xAxisTitle(xTitle)
            .yAxisTitle("units").build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setAvailableSpaceFill(0.95);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        c.getStyler().setYAxisDecimalPattern("0");
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setXAxisTickMarkSpacingHint(10);     // every bin labelled
        if (n > 8) {
            c.getStyler().setXAxisLabelRotation(45);
        }
        c.addSeries("units", labels, ys).setFillColor(PALETTE[0]);
        return png(file, title, c);
    }

    // ---- heat maps (Figs. 4b, 6)

    /**
     * A diverging weight map: blue (negative), white (0), red (positive) on the symmetric scale
     * [-scale, scale] (stronger values saturate); the bias column divided by {@code biasDivisor}
     * (its label says so); lines between visible and hidden neurons and before the bias column.
     */
    static Image heatMap(String file, WeightMap map, double scale, int biasDivisor, int maxWidth) {
        int n = map.neurons();
        int cols = n + 1;
        boolean showNames = cols <= 41;
        int longest = map.colLabels().stream().mapToInt(String::length).max().orElse(1);
        boolean rotate = cols > 10 || longest > 4;
        // Cells shrink with N down to 3 px (a 150-neuron map stays about 600 px wide).
        int cell = Math.max(3, Math.min(56, (maxWidth - 170) / cols));
        int labelRoom = showNames ? Math.min(110, 12 + 7 * Math.min(16, longest)) : 40;
        int width = cell * cols + labelRoom + 120;
        int height = cell * n + (rotate ? labelRoom : 30) + 80;
        String barLabel = "weight (from " + ARROW + " to)";
        Font barFont = new Font(FONT, Font.PLAIN, 11);
        String[] barTicks = {tick(scale), "0", tick(-scale)};
        HeatMapChart c = new ColourBarHeatMap(new HeatMapChartBuilder().width(width).height(height).title(map.title())
            .xAxisTitle("from (presynaptic)").yAxisTitle("to"), ColourBar.width(barTicks, barFont));
        var s = style(c.getStyler());
        s.setPlotContentSize(1.0);
        s.setPlotGridLinesVisible(false);
        s.setPlotBorderColor(new Color(0x666666));
        s.setRangeColors(new Color[] {BLUE, Color.WHITE, RED});
        s.setMin(-scale).setMax(scale);
        s.setDrawBorder(cell >= 14);
        s.setShowValue(false);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setHeatMapDecimalValueFormatter(v -> Html.num(v, scale >= 10 ? 0 : scale >= 1 ? 1 : 2).replace('\u2212', '-'));
        int fontSize = cell >= 22 ? 11 : cell >= 14 ? 10 : 9;
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, fontSize));
        if (showNames) {
            s.setXAxisTickMarkSpacingHint(Math.max(2, cell - 2));
            s.setYAxisTickMarkSpacingHint(Math.max(2, cell - 2));
        }
        if (rotate) {
            s.setXAxisLabelRotation(90);
        }
        List<String> xs = new ArrayList<>(map.colLabels());
        if (biasDivisor != 1) {
            xs.set(n, "bias/" + biasDivisor);
        }
        List<String> ys = new ArrayList<>(map.rowLabels());
        java.util.Collections.reverse(ys);      // XChart puts the first row at the bottom
        List<Number[]> data = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < cols; col++) {
                double v = map.values()[r][col];
                if (col == n) {
                    v /= biasDivisor;
                }
                if (Double.isFinite(v)) {
                    data.add(new Number[] {col, n - 1 - r, Math.max(-scale, Math.min(scale, v))});
                }
            }
        }
        c.addSeries("W", xs, ys, data);
        c.addAnnotation(new BlockLines(cols, n, map.visible()));
        c.addAnnotation(new ColourBar(new Color[] {BLUE, Color.WHITE, RED}, barTicks, barLabel, barFont));
        return png(file, map.title(), c);
    }

    /** An arrow where the font has one (the report's sans-serif font does), else "->". */
    static final String ARROW = new Font(FONT, Font.PLAIN, 11).canDisplay('\u2192') ? "\u2192" : "->";

    /**
     * A heat map whose legend only keeps room at the right for the {@link ColourBar}: XChart's own
     * gradient legend has one label at each end and no title, and comes out of the SVG encoder as
     * a bitmap with its labels in the gradient's colours.
     */
    static final class ColourBarHeatMap extends HeatMapChart {
        ColourBarHeatMap(HeatMapChartBuilder builder, int barWidth) {
            super(builder);
            legend = new Room(this, barWidth);
        }
    }

    /** A legend that draws nothing and takes {@code width} pixels at the right of the plot. */
    static final class Room extends Legend_HeatMap<HeatMapStyler, HeatMapSeries> {
        private final int width;

        Room(HeatMapChart chart, int width) {
            super(chart);
            this.width = width;
        }

        @Override
        public Rectangle2D getBounds() {
            return new Rectangle2D.Double(0, 0, width, 1);
        }

        @Override
        public void paint(Graphics2D g) {
        }

        @Override
        public void doPaint(Graphics2D g) {
        }
    }

    /**
     * The colour scale right of a heat map's plot: a vertical bar from the lowest colour (bottom)
     * to the highest (top), a tick and label at the top, the middle (0 on a symmetric scale, marked
     * across the bar) and the bottom, and the bar's title along its right side.
     */
    static final class ColourBar extends Annotation {
        private static final int GAP = 12;
        private static final int BAR = 14;
        private static final int TICK = 4;
        private final Color[] colours;
        private final String[] ticks;
        private final String label;
        private final Font font;

        /** @param ticks the labels of the top, middle and bottom of the bar */
        ColourBar(Color[] colours, String[] ticks, String label, Font font) {
            super(false);
            this.colours = colours;
            this.ticks = ticks;
            this.label = label;
            this.font = font;
        }

        /** The room the bar, its labels and its title take at the right of the plot. */
        static int width(String[] ticks, Font font) {
            double labels = Arrays.stream(ticks).mapToDouble(t -> textWidth(t, font)).max().orElse(0);
            return (int) Math.ceil(GAP + BAR + TICK + 3 + labels + 8 + font.getSize2D() + 6);
        }

        @Override
        public void paint(Graphics2D g) {
            double plotTop = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double plotBottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double plotHeight = plotBottom - plotTop;
            double h = Math.max(Math.min(60, plotHeight), Math.min(260, plotHeight - 24));
            double x = getXAxisScreenValueForMax() + GAP;
            double top = plotTop + (plotHeight - h) / 2;
            // The gradient in thin bands (solid colours: the same in the PNG and in the SVG).
            int bands = (int) Math.max(2, Math.min(128, Math.round(h / 2)));
            for (int i = 0; i < bands; i++) {
                double f = (i + 0.5) / bands;
                g.setColor(gradient(colours, 1 - f));
                double y0 = top + h * i / bands;
                g.fill(new Rectangle2D.Double(x, y0, BAR, h / bands + 0.6));
            }
            g.setColor(new Color(0x666666));
            g.setStroke(new BasicStroke(1f));
            g.draw(new Rectangle2D.Double(x, top, BAR, h));
            double mid = top + h / 2;
            g.setColor(INK);
            g.draw(new Line2D.Double(x, mid, x + BAR, mid));      // 0 across the bar
            TextLayout sample = new TextLayout("0", font, FRC);
            double half = sample.getAscent() / 2;
            double[] ys = {top, mid, top + h};
            double labelsRight = 0;
            for (int i = 0; i < 3; i++) {
                g.setColor(INK);
                g.draw(new Line2D.Double(x + BAR, ys[i], x + BAR + TICK, ys[i]));
                g.setColor(new Color(0x444444));
                text(g, ticks[i], font, x + BAR + TICK + 3, ys[i] + half);
                labelsRight = Math.max(labelsRight, textWidth(ticks[i], font));
            }
            g.setColor(INK);
            verticalText(g, label, font, x + BAR + TICK + 3 + labelsRight + 8 + sample.getAscent(), mid);
        }

        @Override
        public Rectangle getBounds() {
            return new Rectangle();
        }
    }

    /** The colour at fraction {@code f} (0 to 1) of evenly spaced {@code colours}, as XChart's heat map interpolates. */
    static Color gradient(Color[] colours, double f) {
        double at = Math.max(0, Math.min(1, f)) * (colours.length - 1);
        int i = Math.min(colours.length - 2, (int) Math.floor(at));
        double t = at - i;
        Color a = colours[i];
        Color b = colours[i + 1];
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
            (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
            (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    /** The visible/hidden block boundaries and the bias column's left edge. */
    static final class BlockLines extends Annotation {
        private final int cols;
        private final int rows;
        private final int visible;

        BlockLines(int cols, int rows, int visible) {
            super(true);
            this.cols = cols;
            this.rows = rows;
            this.visible = visible;
        }

        @Override
        public void paint(Graphics2D g) {
            double x0 = getXAxisScreenValueForMin();
            double x1 = getXAxisScreenValueForMax();
            double yTop = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double yBottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double cw = (x1 - x0) / cols;
            double ch = (yBottom - yTop) / rows;
            int n = cols - 1;
            g.setColor(INK);
            g.setStroke(new BasicStroke(2f));
            if (visible < n) {
                g.draw(new Line2D.Double(x0 + visible * cw, yTop, x0 + visible * cw, yBottom));
                g.draw(new Line2D.Double(x0, yTop + visible * ch, x0 + n * cw, yTop + visible * ch));
            }
            g.setStroke(new BasicStroke(3f));
            g.setColor(Color.WHITE);
            g.draw(new Line2D.Double(x0 + n * cw, yTop, x0 + n * cw, yBottom));
            g.setStroke(new BasicStroke(1f));
            g.setColor(INK);
            g.draw(new Line2D.Double(x0 + n * cw + 1.5, yTop, x0 + n * cw + 1.5, yBottom));
        }

        @Override
        public Rectangle getBounds() {
            return new Rectangle();
        }
    }
}
