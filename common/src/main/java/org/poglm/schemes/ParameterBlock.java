package org.poglm.schemes;

import java.io.Serializable;

/**
 * A named block of the flat parameter vector: {@code rows x cols} values, row-major, starting at
 * {@code offset}; {@code fanIn} is the input count of the linear map it belongs to (initialisation).
 */
public record ParameterBlock(String name, int offset, int rows, int cols, int fanIn) implements Serializable {
    public int size() {
        return rows * cols;
    }

    public int end() {
        return offset + size();
    }

    public int index(int row, int col) {
        return offset + row * cols + col;
    }
}
