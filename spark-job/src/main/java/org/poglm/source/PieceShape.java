package org.poglm.source;

/**
 * How pieces are cut (SPEC §1): {@code pieceBins} bins each, carrying {@code contextBins} of their
 * neighbours' bins on either side (0 with zero padding).
 */
public record PieceShape(int pieceBins, int contextBins) {
}
