package org.poglm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BatchScheduleTest {

    @Test
    void fixedOrderIsThePapersContiguousBatches() {
        BatchSchedule s = new BatchSchedule(40, 10, false, 0);
        assertEquals(4, s.batchesPerEpoch());
        assertEquals(List.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 19), s.batch(3, 1));
        assertEquals(2, s.batchOf(5, 27));
        assertEquals(7, s.step(1, 3));
    }

    @Test
    void shuffledEpochsArePermutationsThatChangeAndRepeat() {
        for (int n : new int[] {1, 2, 7, 40, 1000, 4097}) {
            BatchSchedule s = new BatchSchedule(n, 32, true, 11);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                int p = s.position(0, i);
                assertTrue(p >= 0 && p < n);
                assertTrue(seen.add(p), "position " + p + " used twice");
            }
            List<List<Integer>> e0 = s.epoch(0);
            int total = e0.stream().mapToInt(List::size).sum();
            assertEquals(n, total);
            for (int b = 0; b < e0.size(); b++) {
                for (int i : e0.get(b)) {
                    assertEquals(b, s.batchOf(0, i), "batchOf agrees with the batch lists");
                }
            }
            assertEquals(e0, new BatchSchedule(n, 32, true, 11).epoch(0), "reproducible");
            if (n >= 40) {
                assertNotEquals(e0, s.epoch(1), "each epoch is a new shuffle");
                assertNotEquals(e0, new BatchSchedule(n, 32, true, 12).epoch(0), "the seed matters");
            }
        }
    }

    @Test
    void lastBatchMayBeSmaller() {
        BatchSchedule s = new BatchSchedule(25, 10, true, 3);
        List<Integer> sizes = new ArrayList<>();
        for (List<Integer> b : s.epoch(2)) {
            sizes.add(b.size());
        }
        assertEquals(List.of(10, 10, 5), sizes);
    }
}
