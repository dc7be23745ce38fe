package org.poglm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Order-independent sums (SPEC §8): any order and any grouping of the same values give the same bits. */
class ExactSumTest {

    static double[] values(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 4) {
                case 0 -> r.nextGaussian() * 1e3;
                case 1 -> r.nextGaussian() * 1e-9;
                case 2 -> -r.nextDouble() * 1e8;
                default -> r.nextGaussian();
            };
        }
        return v;
    }

    @Test
    void orderAndGroupingDoNotChangeTheBits() {
        Random r = new Random(3);
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            rows.add(values(r, 7));
        }
        ExactSum forward = new ExactSum(7);
        for (double[] row : rows) {
            assertEquals(-1, forward.addAll(row));
        }
        for (int trial = 0; trial < 20; trial++) {
            List<double[]> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, new Random(trial));
            // Split into uneven partial sums merged in a random order, as tasks and a merge tree would.
            List<ExactSum> parts = new ArrayList<>();
            int at = 0;
            while (at < shuffled.size()) {
                int take = 1 + new Random(trial * 31L + at).nextInt(40);
                ExactSum part = new ExactSum(7);
                for (int i = at; i < Math.min(shuffled.size(), at + take); i++) {
                    part.addAll(shuffled.get(i));
                }
                parts.add(part);
                at += take;
            }
            Collections.shuffle(parts, new Random(trial + 100));
            ExactSum merged = new ExactSum(7);
            for (ExactSum p : parts) {
                merged.merge(p);
            }
            assertArrayEquals(forward.toArray(), merged.toArray(), 0.0, "trial " + trial);
        }
    }

    @Test
    void sumsAreAccurate() {
        Random r = new Random(5);
        double[][] rows = new double[500][];
        ExactSum s = new ExactSum(4);
        for (int k = 0; k < rows.length; k++) {
            rows[k] = values(r, 4);
            s.addAll(rows[k]);
        }
        for (int i = 0; i < 4; i++) {
            BigDecimal exact = BigDecimal.ZERO;
            for (double[] row : rows) {
                exact = exact.add(new BigDecimal(row[i]));
            }
            double e = exact.round(MathContext.DECIMAL128).doubleValue();
            // Each value is rounded towards zero to a multiple of 2^-70 once; the result within two roundings.
            assertEquals(e, s.get(i), 4 * Math.ulp(e) + rows.length * 0x1p-70, "component " + i);
        }
    }

    @Test
    void signsTinyValuesAndTheLimit() {
        ExactSum s = new ExactSum(3);
        s.add(0, -0.75);
        s.add(0, 0.25);
        s.add(1, 1e-15);
        s.add(1, -1e-15);
        s.add(2, -3.0);
        assertEquals(-0.5, s.get(0), 0.0);
        assertEquals(0.0, s.get(1), 0x1p-70);
        assertEquals(-3.0, s.get(2), 0.0);
        assertTrue(ExactSum.addable(ExactSum.LIMIT * 0.999));
        assertFalse(ExactSum.addable(ExactSum.LIMIT));
        assertFalse(ExactSum.addable(Double.NaN));
        assertFalse(ExactSum.addable(Double.NEGATIVE_INFINITY));
        ExactSum t = new ExactSum(3);
        assertEquals(1, t.addAll(new double[] {1.0, Double.NaN, 2.0}));
        assertArrayEquals(new double[3], t.toArray(), 0.0, "all or nothing");
    }

    @Test
    void aSumOutOfRangeThrowsInsteadOfWrappingAround() {
        double big = ExactSum.LIMIT * 0.999;
        ExactSum s = new ExactSum(1);
        for (int i = 0; i < 30_000; i++) {
            s.add(0, -big);
        }
        assertEquals(-30_000 * big, s.get(0), 30_000 * big * 1e-15, "still exact below 2^55");
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> {
            for (int i = 0; i < 5_000; i++) {
                s.add(0, -big);
            }
        });
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        ExactSum a = new ExactSum(1);
        ExactSum b = new ExactSum(1);
        for (int i = 0; i < 20_000; i++) {
            a.add(0, big);
            b.add(0, big);
        }
        assertThrows(ArithmeticException.class, () -> a.merge(b), "merging two halves past the range");
    }
}
