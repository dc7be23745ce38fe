package org.poglm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.errors.ConfigurationException;

class SplitTest {
    static List<Integer> ids(org.poglm.distributed.PieceSource.PieceIds p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < p.count(); i++) {
            out.add(p.id(i));
            assertEquals(i, p.indexOf(p.id(i)), "index and id agree");
        }
        return out;
    }

    @Test
    void oneSplitByTimeTrainsValidatesThenTests() {
        Split s = Split.of(100, 0, 1.0 / 3.0, 0.1);
        assertEquals(33, s.testCount());
        assertEquals(7, s.validationCount(), "10 % of the 67 pieces before the test");
        assertEquals(60, s.trainCount());
        assertEquals(59, ids(s.train()).get(59));
        assertEquals(List.of(60, 61, 62, 63, 64, 65, 66), ids(s.validation()));
        assertEquals(67, s.test().first());
        assertEquals(60, s.trainBoundary());
        assertEquals(67, s.validationBoundary());
        Split paper = Split.of(60, 20, 0, 0);
        assertEquals(40, paper.trainCount());
        assertEquals(0, paper.validationCount());
        assertEquals(40, paper.validationBoundary(), "without validation the test follows the training");
        assertThrows(ConfigurationException.class, () -> Split.of(3, 3, 0, 0));
    }

    @Test
    void blockedFoldsTestEveryPieceOnceAndTrainAroundTheirBlock() {
        List<Split> folds = Split.folds(10, 3, 0.2);
        assertEquals(3, folds.size());
        List<Integer> tested = new ArrayList<>();
        for (Split f : folds) {
            List<Integer> test = ids(f.test());
            tested.addAll(test);
            List<Integer> rest = new ArrayList<>(ids(f.train()));
            rest.addAll(ids(f.validation()));
            assertTrue(rest.stream().noneMatch(test::contains), "fold " + f.fold() + ": no test piece trains");
            assertEquals(10, rest.size() + test.size());
            assertEquals(Math.max(1, Math.round(rest.size() * 0.2)), f.validationCount(), "the last 20 % validate");
            assertTrue(ids(f.validation()).stream().allMatch(v -> ids(f.train()).stream().allMatch(t -> t < v)),
                "validation pieces come after the training pieces in time");
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), tested);
        assertEquals(List.of(0, 1, 2), ids(folds.get(0).test()));
        assertEquals(List.of(0, 1, 2, 6, 7, 8), ids(folds.get(1).train()), "fold 2 trains before and after its block");
        assertEquals(List.of(9), ids(folds.get(1).validation()));
        assertEquals(2, folds.get(1).fold());
        assertThrows(ConfigurationException.class, () -> Split.folds(3, 2, 0.1), "at least 2 pieces per fold");
        assertThrows(ConfigurationException.class, () -> Split.folds(10, 1, 0.1));
    }
}
