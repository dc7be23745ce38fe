package org.poglm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.errors.ConfigurationException;

class PieceFeaturesTest {

    @Test
    void defaultBasisIsThePaperCodes() {
        // exp(-0.25 l), l = 1..5, normalised (the reference trials' truth.json).
        assertArrayEquals(new double[] {0.3100220263004303, 0.241445392370224, 0.18803785741329193,
            0.14644403755664825, 0.1140507310628891}, Basis.defaultBasis().weights(), 1e-7);
    }

    @Test
    void historyFeaturesWithZeroPadding() {
        Basis basis = Basis.of(0.5, 0.25);
        int[][] x = {{1}, {0}, {2}, {0}};
        PieceFeatures f = PieceFeatures.of(Piece.of(0, x), basis, Padding.ZERO);
        assertArrayEquals(new double[] {0, 0.5, 0.25, 1.0}, f.hx[0], 1e-15);
        assertArrayEquals(new double[] {0.5, 1.0, 0.0, 0.0}, f.rx[0], 1e-15);
        assertEquals(3, f.spikes);
        assertEquals(Math.log(2), f.logFactorialSum, 1e-15);
    }

    @Test
    void contextPaddingReadsTheNeighbouringPieces() {
        Basis basis = Basis.of(0.5, 0.25);
        int[][] all = {{3}, {1}, {1}, {0}, {2}, {0}, {4}, {5}};
        Recording rec = Recording.of(all, 0.01);
        Piece middle = rec.piece(1, 3, 2);
        PieceFeatures ctx = PieceFeatures.of(middle, basis, Padding.CONTEXT);
        // bins 3..5 = {0, 2, 0}; before = bins 1, 2 = {1, 1}; after = bins 6, 7 = {4, 5}
        assertArrayEquals(new double[] {0.5 * 1 + 0.25 * 1, 0.5 * 0 + 0.25 * 1, 0.5 * 2 + 0.25 * 0}, ctx.hx[0], 1e-15);
        assertArrayEquals(new double[] {0.5 * 2 + 0.25 * 0, 0.5 * 0 + 0.25 * 4, 0.5 * 4 + 0.25 * 5}, ctx.rx[0], 1e-15);
        PieceFeatures zero = PieceFeatures.of(middle, basis, Padding.ZERO);
        assertArrayEquals(new double[] {0, 0, 1.0}, zero.hx[0], 1e-15);
        // The first piece's past and the last piece's future are zeros.
        Piece first = rec.piece(0, 3, 2);
        assertEquals(0, first.countWithContext(-1, 0));
        assertThrows(ConfigurationException.class, () -> PieceFeatures.of(rec.piece(1, 3, 1), basis, Padding.CONTEXT));
    }

    @Test
    void cuttingDropsTheRemainder() {
        int[][] all = new int[250][2];
        Recording rec = Recording.of(all, 0.01);
        List<Piece> pieces = rec.cut(100, 0);
        assertEquals(2, pieces.size());
        assertEquals(50, rec.remainderBins(100));
        assertEquals(1, pieces.get(1).id());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> rec.cut(300, 0));
        assertEquals("recording bins", e.field());
    }
}
