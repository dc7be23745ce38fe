package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The chart primitives drawn on their own: each gives a PNG and an SVG of the same size, and what
 * it promises can be seen in the PNG's pixels. With the environment variable CHARTS_PREVIEW set to
 * a folder, the charts are also written there, to look at.
 */
class ChartsTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Checks PNG and SVG of a drawn chart and returns the PNG decoded. */
    static BufferedImage check(Charts.Image im) throws Exception {
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(im.png(), 8), im.file() + " is a PNG");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(im.png()));
        assertEquals(im.width(), png.getWidth());
        assertEquals(im.height(), png.getHeight());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(im.svg())).getDocumentElement();
        assertEquals("svg", svg.getLocalName(), im.svgFile());
        assertEquals(im.width() + "px", svg.getAttribute("width"));
        assertEquals(im.height() + "px", svg.getAttribute("height"));
        assertEquals(Charts.svgName(im.file()), im.svgFile());
        preview(im);
        return png;
    }

    static void preview(Charts.Image im) throws IOException {
        String dir = System.getenv("CHARTS_PREVIEW");
        if (dir != null) {
            Path d = Files.createDirectories(Path.of(dir));
            Files.write(d.resolve(im.file()), im.png());
            Files.write(d.resolve(im.svgFile()), im.svg());
        }
    }

    /** Pixels of exactly this colour, and the mean x and y of them. */
    record Blob(int count, double x, double y) {
    }

    static Blob blob(BufferedImage png, Color c, int x0, int x1) {
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = Math.max(0, x0); x < Math.min(png.getWidth(), x1); x++) {
                if ((png.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    n++;
                    sx += x;
                    sy += y;
                }
            }
        }
        return new Blob(n, n == 0 ? Double.NaN : sx / n, n == 0 ? Double.NaN : sy / n);
    }

    static Blob blob(BufferedImage png, Color c) {
        return blob(png, c, 0, png.getWidth());
    }

    @Test
    void dotsAndWhiskersStandSideBySideOnAnAxisThatNeedNotStartAtZero() throws Exception {
        Color a = Charts.PALETTE[0];
        Color b = Charts.PALETTE[2];
        Color none = Charts.PALETTE[5];
        List<Charts.Dots> series = List.of(
            Charts.Dots.symmetric("F", a, new double[] {-199.2, -199.0, Double.NaN}, new double[] {0.3, 0.1, 0.2}),
            new Charts.Dots("FB", b, new double[] {-198.6, -198.9, -198.7}, new double[] {-198.9, -199.1, -199.0},
                new double[] {-198.3, -198.7, -198.2}),
            new Charts.Dots("none", none, new double[] {Double.NaN, Double.NaN, Double.NaN},
                new double[3], new double[3]));
        Charts.Image im = Charts.dotWhisker("dots.png", "Test log-likelihood", "distribution", "test LL",
            List.of("exponential", "poisson", "rayleigh"), series, -200.0, "fully observed GLM -200.00");
        BufferedImage png = check(im);
        assertEquals("dots.svg", im.svgFile());
        // Each category's third of the width: F's dot left of FB's (F has none in the third).
        int third = im.width() / 3;
        for (int i = 0; i < 2; i++) {
            Blob fa = blob(png, a, i * third, (i + 1) * third);
            Blob fb = blob(png, b, i * third, (i + 1) * third);
            assertTrue(fa.count() > 20 && fb.count() > 20, "dots drawn in category " + i + ": " + fa + " " + fb);
            assertTrue(fa.x() < fb.x() - 10, "side by side in category " + i + ": " + fa + " " + fb);
        }
        // In the third category only FB has a dot (the legend's F marker is further right).
        Blob third3 = blob(png, a, 2 * third, (int) (2.6 * third));
        assertEquals(0, third3.count(), "no dot for NaN");
        // A higher mean is a higher dot: F's -199.0 (poisson) above its -199.2 (exponential).
        Blob expF = blob(png, a, 0, third);
        Blob poiF = blob(png, a, third, 2 * third);
        assertTrue(poiF.y() < expF.y(), "-199.0 is drawn above -199.2");
    }

    @Test
    void aWeightMapHasAColourBarWithZeroMarkedAndATitle() throws Exception {
        double[][] w = {{1.0, -0.5, 2.0, 0.1}, {0.3, 0.7, -1.5, 0.2}, {0.9, -1.1, 0.4, 1.3}, {-0.2, 0.6, -0.8, -1.9}};
        WeightMap map = WeightMap.learned("exponential \u00d7 FB, H=2, seed 0",
            WeightMapTest.params(List.of("a", "b"), 2, 2, w, new double[] {0.1, -0.2, 0.3, -0.4}));
        Charts.Image im = Charts.heatMap("weights.png", map, 2.0, 1, 460);
        BufferedImage png = check(im);
        // Right of the cells: a column that runs from the scale's red (top) through white to its blue (bottom).
        int found = -1;
        for (int x = png.getWidth() - 1; x > png.getWidth() / 2 && found < 0; x--) {
            int red = -1;
            int blue = -1;
            for (int y = 0; y < png.getHeight(); y++) {
                Color c = new Color(png.getRGB(x, y));
                if (near(c, Charts.RED) && red < 0) {
                    red = y;
                }
                if (near(c, Charts.BLUE)) {
                    blue = y;
                }
            }
            if (red >= 0 && blue > red + 50) {
                found = x;
            }
        }
        assertTrue(found > 0, "a colour bar from red (top) to blue (bottom)");
        // 0 is marked across the bar: a dark pixel in the bar's column halfway between its ends.
        boolean zero = false;
        for (int y = 0; y < png.getHeight(); y++) {
            Color c = new Color(png.getRGB(found, y));
            zero |= c.getRed() < 80 && c.getGreen() < 80 && c.getBlue() < 80;
        }
        assertTrue(zero, "0 marked across the bar");
        String svg = new String(im.svg(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!svg.contains("<image"), "no bitmap inside the SVG (XChart's own gradient legend is one)");
    }

    static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
            + Math.abs(a.getBlue() - b.getBlue()) < 24;
    }

    /** Learning curves whose first epochs lie far below the rest (-200 - 300 / e^2: -500 at epoch 1). */
    static List<Charts.Line> steepCurves() {
        double[] x = new double[20];
        double[] a = new double[20];
        double[] b = new double[20];
        double[] v = new double[20];
        for (int e = 1; e <= 20; e++) {
            x[e - 1] = e;
            a[e - 1] = -200 - 300.0 / (e * e) + 0.02 * e;
            b[e - 1] = -200.5 - 320.0 / (e * e) + 0.03 * e;
            v[e - 1] = e < 8 ? -201 - 300.0 / (e * e) : Double.NaN;
        }
        return List.of(new Charts.Line("exponential", Charts.PALETTE[0], x, a, null, null, false),
            new Charts.Line("poisson", Charts.PALETTE[1], x, b, null, null, false),
            new Charts.Line("exponential (validation)", Charts.PALETTE[0], x, v, null, null, true, null, false));
    }

    @Test
    void aCompressedScaleKeepsTheFirstEpochsInViewAndLabelsRoundValues() {
        List<Charts.Line> lines = steepCurves();
        Charts.Compressed scale = Charts.Compressed.of(lines);
        assertTrue(scale != null, "epoch 1 stretches the range more than threefold");
        double lo = -520.5 + 0.03;
        double hi = -199.6;
        for (double y = lo; y <= hi; y += 7.3) {
            assertEquals(y, scale.from(scale.to(y)), 1e-9, "invertible");
            assertTrue(scale.to(y + 1) > scale.to(y), "increasing");
        }
        // The later epochs (3 to 20) get a good share of the height, not the few percent of a linear axis.
        double late = (scale.to(hi) - scale.to(-200.5 - 320.0 / 9)) / (scale.to(hi) - scale.to(lo));
        assertTrue(late > 0.35, "share of the later epochs " + late);
        List<Double> ticks = scale.ticks(lo, hi, 8);
        assertTrue(ticks.size() >= 5, ticks.toString());
        for (int i = 0; i < ticks.size(); i++) {
            double t = ticks.get(i);
            assertTrue(t >= lo && t <= hi, "within the data: " + ticks);
            assertTrue(Charts.tick(t).replace("-", "").length() <= 5, "round: " + ticks);
            if (i > 0) {
                assertTrue(t < ticks.get(i - 1), "top down: " + ticks);
            }
        }
        // Curves that rise gently keep a linear axis.
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = {-210, -206, -204, -203, -202.5, -202.2};
        assertEquals(null, Charts.Compressed.of(List.of(new Charts.Line("a", Charts.PALETTE[0], x, y, null, null,
            false))));
    }

    @Test
    void learningCurvesStartAtTheFirstEpoch() throws Exception {
        List<Charts.Line> lines = steepCurves();
        List<Charts.Mark> marks = List.of(new Charts.Mark(7, -201 - 300.0 / 49, Charts.PALETTE[0]));
        Charts.Image im = Charts.curves("curves.png", "Learning curves, H = 1, scheme FB  (dashed: validation)",
            "epoch", "ELBO (nats / piece)", lines, marks, Charts.Compressed.of(lines), Charts.WIDTH, 380);
        BufferedImage png = check(im);
        // Epoch 1 is drawn: orange (poisson) pixels near the left end of the plot, low down, and at the top right.
        Blob left = blob(png, Charts.PALETTE[1], 0, im.width() / 5);
        assertTrue(left.count() > 10, "the first epochs are drawn: " + left);
        Blob right = blob(png, Charts.PALETTE[1], im.width() / 2, (int) (im.width() * 0.7));
        assertTrue(left.y() > right.y() + 80, "far below the end: " + left + " " + right);
        // And on a linear axis when there is no scale.
        Charts.Image linear = Charts.curves("curves-linear.png", "Learning curves", "epoch", "train ELBO", lines,
            List.of(), null, Charts.WIDTH, 380);
        check(linear);
    }

    @Test
    void aRasterHasARowPerUnitAndATickPerBinWithSpikes() throws Exception {
        int bins = 200;
        double[] starts = new double[bins];
        int[][] counts = new int[bins][3];
        for (int t = 0; t < bins; t++) {
            starts[t] = 12.0 + 0.01 * t;             // 10 ms bins from 12 s
            counts[t][0] = t % 10 == 0 ? 1 : 0;      // unit a: every 100 ms
            counts[t][2] = t >= 150 ? 2 : 0;         // unit c: only in the last quarter, two spikes a bin
        }
        Charts.Image im = Charts.raster("raster.png", "Spikes, 12-14 s", starts, List.of("a", "b (silent)", "c"),
            counts, Charts.WIDTH);
        BufferedImage png = check(im);
        // Dark tick pixels by row third of the plot: unit a (top) and c (bottom) have ticks, b none.
        int[] dark = new int[3];
        int[] rightHalf = new int[3];
        int top = -1;
        int bottom = -1;
        // Between the title and the time axis's labels.
        for (int y = 35; y < png.getHeight() - 55; y++) {
            for (int x = im.width() / 5; x < im.width() - 20; x++) {
                if (isInk(png.getRGB(x, y))) {
                    top = top < 0 ? y : top;
                    bottom = y;
                }
            }
        }
        assertTrue(top >= 0, "ticks drawn");
        for (int y = top; y <= bottom; y++) {
            int third = Math.min(2, (y - top) * 3 / (bottom - top + 1));
            for (int x = im.width() / 5; x < im.width() - 20; x++) {
                if (isInk(png.getRGB(x, y))) {
                    dark[third]++;
                    rightHalf[third] += x > im.width() / 2 ? 1 : 0;
                }
            }
        }
        assertTrue(dark[0] > 100, "unit a has ticks: " + Arrays.toString(dark));
        assertEquals(0, dark[1], "the silent unit has none: " + Arrays.toString(dark));
        assertTrue(dark[2] > 50 && rightHalf[2] == dark[2], "unit c only late: " + Arrays.toString(rightHalf));

        assertThrows(IllegalArgumentException.class, () -> Charts.raster("bad.png", "t", starts, List.of("a"),
            counts, Charts.WIDTH));

        // Many units: the height grows to a limit, the labels thin out.
        int[][] many = new int[bins][80];
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int v = 0; v < 80; v++) {
            names.add("shank " + (v / 16) + " unit " + v);
            for (int t = v % 7; t < bins; t += 7 + v % 5) {
                many[t][v] = 1;
            }
        }
        Charts.Image big = Charts.raster("raster-80.png", "80 units", starts, names, many, Charts.WIDTH);
        assertTrue(check(big).getHeight() <= 560 + 110, "height capped");
    }

    /** The raster's tick colour (#222222), anti-aliased edges aside. */
    static boolean isInk(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() < 60 && c.getGreen() < 60 && c.getBlue() < 60;
    }

    @Test
    void timeSeriesDrawPlainLinesOverASharedX() throws Exception {
        double[] lag = new double[50];
        double[] excite = new double[50];
        double[] inhibit = new double[50];
        for (int i = 0; i < 50; i++) {
            lag[i] = i + 1;                               // ms
            excite[i] = Math.exp(-lag[i] / 8);
            inhibit[i] = -0.6 * Math.exp(-lag[i] / 15);
        }
        Charts.Image im = Charts.timeSeries("filters.png", "Coupling filters", "lag (ms)", "weight", lag,
            List.of(new Charts.Line("n1 \u2192 n0", Charts.PALETTE[0], excite),
                new Charts.Line("n2 \u2192 n0", Charts.PALETTE[5], inhibit)), Charts.WIDTH);
        BufferedImage png = check(im);
        Blob up = blob(png, Charts.PALETTE[0], 0, im.width() * 3 / 4);
        Blob down = blob(png, Charts.PALETTE[5], 0, im.width() * 3 / 4);
        assertTrue(up.count() > 50 && down.count() > 50, up + " " + down);
        assertTrue(up.y() < down.y(), "the positive filter above the negative one");
        assertTrue(blob(png, new Color(0xAAAAAA)).count() > 100, "a line at 0");

        // A line may bring its own x (e.g. observed rates at other times); lengths must match.
        double[] t = {0, 1, 2, 3};
        Charts.Image rates = Charts.timeSeries("rates.png", "Inferred rates", "time (s)", "rate (Hz)", t,
            List.of(new Charts.Line("h1", Charts.PALETTE[0], new double[] {1, 3, 2, 4}),
                new Charts.Line("observed", Charts.PALETTE[1], new double[] {0.5, 2.5}, new double[] {2, 3}, null,
                    null, true)), 500);
        assertEquals(500, check(rates).getWidth());
        assertThrows(IllegalArgumentException.class, () -> Charts.timeSeries("bad.png", "t", "x", "y", t,
            List.of(new Charts.Line("h1", Charts.PALETTE[0], new double[] {1, 2})), 500));
    }
}
