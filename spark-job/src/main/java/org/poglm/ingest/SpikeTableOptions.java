package org.poglm.ingest;

/**
 * Columns and conventions of a spike table (one row per spike: a unit id and a time), in CSV,
 * TSV or Parquet.
 *
 * @param unitColumn     name of the unit-id column (default {@code unit}; matched ignoring case)
 * @param timeColumn     name of the spike-time column (default {@code time})
 * @param integerIds     require every unit id to be an integer (default false: any non-empty
 *                       string; ids that all look like integers are still ordered numerically,
 *                       see {@link SpikeTrains})
 * @param secondsPerUnit seconds per unit of the time column (default 1: times in seconds; 0.001
 *                       for milliseconds, 1/sample_rate for sample indices)
 */
public record SpikeTableOptions(String unitColumn, String timeColumn, boolean integerIds, double secondsPerUnit) {

    public SpikeTableOptions {
        if (unitColumn == null || unitColumn.isBlank()) {
            throw new InputException("unit column name is empty: expected a column name such as 'unit'");
        }
        if (timeColumn == null || timeColumn.isBlank()) {
            throw new InputException("time column name is empty: expected a column name such as 'time'");
        }
        if (unitColumn.strip().equalsIgnoreCase(timeColumn.strip())) {
            throw new InputException("unit and time columns are both '" + unitColumn
                + "': expected two different columns");
        }
        if (!(secondsPerUnit > 0) || !Double.isFinite(secondsPerUnit)) {
            throw new InputException("seconds per time unit " + secondsPerUnit + ": expected a positive number");
        }
        unitColumn = unitColumn.strip();
        timeColumn = timeColumn.strip();
    }

    /** Columns {@code unit} and {@code time}, any string ids, times in seconds. */
    public static SpikeTableOptions defaults() {
        return new SpikeTableOptions("unit", "time", false, 1.0);
    }

    public SpikeTableOptions withColumns(String unit, String time) {
        return new SpikeTableOptions(unit, time, integerIds, secondsPerUnit);
    }

    public SpikeTableOptions withIntegerIds(boolean required) {
        return new SpikeTableOptions(unitColumn, timeColumn, required, secondsPerUnit);
    }

    public SpikeTableOptions withSecondsPerUnit(double seconds) {
        return new SpikeTableOptions(unitColumn, timeColumn, integerIds, seconds);
    }
}
