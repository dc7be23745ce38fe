package org.poglm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The paired comparison of SPEC §9 against hand computations, and its edge cases. */
class PairedComparisonTest {
    /** Student t quantiles at 0.975 (tables): 1 and 2 degrees of freedom. */
    static final double T_975_1 = 12.706204736174707;
    static final double T_975_2 = 4.302652729749464;

    static double[] plus(double[] b, double[] d) {
        double[] a = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = b[i] + d[i];
        }
        return a;
    }

    @Test
    void nineConsecutivePiecesInThreeBlocks() {
        // d = a - b = 1, -2, 4 | 0, 3, 3 | 5, -1, 2 (integers, so a - b is exact).
        double[] b = {-10, -20, -30, -12, -15, -11, -13, -14, -16};
        double[] a = plus(b, new double[] {1, -2, 4, 0, 3, 3, 5, -1, 2});
        PairedComparison c = PairedComparison.of(a, b);
        assertEquals(9, c.pieces());
        assertEquals(3, c.blockLength(), "floor(sqrt(9))");
        assertEquals(3, c.blocks());
        assertEquals(2, c.degreesOfFreedom());
        // mean 15/9; block means 1, 2, 2 about 5/3: squares 4/9 + 1/9 + 1/9 = 2/3; SE = sqrt(2/3 / 2 / 3) = 1/3.
        assertEquals(15.0 / 9, c.meanDifference(), 1e-15);
        assertEquals(1.0 / 3, c.standardError(), 1e-15);
        assertEquals(5.0 / 3 - T_975_2 / 3, c.lower(), 1e-8, "0.2324490900835");
        assertEquals(5.0 / 3 + T_975_2 / 3, c.upper(), 1e-8, "3.1008842432498");
        assertEquals(6.0 / 9, c.fractionABetter(), 1e-15, "d > 0 at 6 pieces");
        assertEquals(1.0 / 9, c.fractionTied(), 1e-15, "d = 0 at 1 piece");
    }

    @Test
    void aPieceLeftOverEntersTheMeanButNoBlock() {
        // n = 5: blocks of 2 -> (1, 3), (2, 6); the fifth piece (d = 4) is in the mean only.
        double[] b = {-50, -40, -45, -41, -60};
        double[] a = plus(b, new double[] {1, 3, 2, 6, 4});
        PairedComparison c = PairedComparison.of(a, b);
        assertEquals(2, c.blockLength());
        assertEquals(2, c.blocks());
        assertEquals(3.2, c.meanDifference(), 1e-15, "16 / 5");
        // Block means 2 and 4 about 3: SE = sqrt((1 + 1) / 1 / 2) = 1.
        assertEquals(1.0, c.standardError(), 1e-15);
        assertEquals(3.2 - T_975_1, c.lower(), 1e-8);
        assertEquals(3.2 + T_975_1, c.upper(), 1e-8);
        assertEquals(1.0, c.fractionABetter());
        assertEquals(0.0, c.fractionTied());
        // The other way round: everything mirrors.
        PairedComparison r = PairedComparison.of(b, a);
        assertEquals(-3.2, r.meanDifference(), 1e-15);
        assertEquals(1.0, r.standardError(), 1e-15);
        assertEquals(-3.2 - T_975_1, r.lower(), 1e-8);
        assertEquals(0.0, r.fractionABetter());
    }

    @Test
    void blockLengthRule() {
        int[][] expected = {{1, 1}, {2, 1}, {3, 1}, {4, 2}, {8, 2}, {9, 3}, {15, 3}, {16, 4}, {99, 9}, {100, 10}};
        for (int[] e : expected) {
            assertEquals(e[1], PairedComparison.blockLength(e[0]), "n = " + e[0]);
        }
        for (int n = 2; n <= 2000; n++) {
            int len = PairedComparison.blockLength(n);
            assertTrue(n / len >= 2, "at least 2 blocks for n = " + n);
            assertTrue(n - (n / len) * len < len, "fewer than a block left over, n = " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.blockLength(0));
    }

    @Test
    void onePieceHasAMeanButNoSpread() {
        PairedComparison c = PairedComparison.of(new double[] {-3.5}, new double[] {-4.0});
        assertEquals(1, c.pieces());
        assertEquals(1, c.blockLength());
        assertEquals(1, c.blocks());
        assertEquals(0.5, c.meanDifference(), 0.0);
        assertTrue(Double.isNaN(c.standardError()) && Double.isNaN(c.lower()) && Double.isNaN(c.upper()),
            "no standard error from one piece");
        assertEquals(1.0, c.fractionABetter());
    }

    @Test
    void twoPiecesAreTwoBlocksOfOne() {
        PairedComparison c = PairedComparison.of(new double[] {2, 6}, new double[] {1, 1});
        assertEquals(1, c.blockLength());
        assertEquals(2, c.blocks());
        assertEquals(3.0, c.meanDifference(), 0.0);
        // d = 1, 5: sd = sqrt(8), SE = sqrt(8) / sqrt(2) = 2.
        assertEquals(2.0, c.standardError(), 1e-15);
        assertEquals(3.0 - 2 * T_975_1, c.lower(), 1e-8);
    }

    @Test
    void equalModelsDifferByNothing() {
        double[] a = {-10.25, -11, -9.5, -12, -10, -13, -8.75};
        PairedComparison c = PairedComparison.of(a, a.clone());
        assertEquals(0.0, c.meanDifference(), 0.0);
        assertEquals(0.0, c.standardError(), 0.0);
        assertEquals(0.0, c.lower(), 0.0);
        assertEquals(0.0, c.upper(), 0.0);
        assertEquals(0.0, c.fractionABetter());
        assertEquals(1.0, c.fractionTied());
        // A constant difference: no spread, the interval is the point.
        PairedComparison k = PairedComparison.of(plus(a, new double[] {2, 2, 2, 2, 2, 2, 2}), a);
        assertEquals(2.0, k.meanDifference(), 1e-15);
        assertEquals(0.0, k.standardError(), 1e-15);
        assertEquals(2.0, k.lower(), 1e-14);
        assertEquals(2.0, k.upper(), 1e-14);
    }

    @Test
    void nonFiniteValuesAndMismatchedPiecesAreRefused() {
        double[] b = {-1, -2, -3, -4};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PairedComparison.of(new double[] {-1, Double.NaN, -3, -4}, b));
        assertTrue(e.getMessage().contains("piece 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> PairedComparison.of(b, new double[] {-1, -2, Double.NEGATIVE_INFINITY, -4}));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(b, new double[] {-1, -2, -3}));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(new double[0], new double[0]));
    }

    @Test
    void blocksWidenTheErrorOfCorrelatedPieces() {
        // A slowly drifting difference (AR(1), rho = 0.9): pieces treated as independent understate the error.
        Random r = new Random(3);
        int n = 400;
        double[] d = new double[n];
        double x = 0;
        for (int i = 0; i < n; i++) {
            x = 0.9 * x + r.nextGaussian();
            d[i] = x;
        }
        PairedComparison c = PairedComparison.of(d, new double[n]);
        double mean = c.meanDifference();
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double naive = Math.sqrt(ss / (n - 1) / n);
        assertEquals(20, c.blockLength());
        assertTrue(c.standardError() > 2 * naive, c.standardError() + " vs independent " + naive);
    }
}
