package org.poglm.ingest;

/**
 * Everything {@link RecordingReader} needs besides the path and format.
 *
 * @param binning binning, window, unit selection and rate threshold (all formats)
 * @param table   column names and conventions of spike tables (CSV/TSV/Parquet)
 * @param phy     which phy clusters to read (default: labelled good); ignored when
 *                {@link BinningOptions#units()} lists ids, which then select the clusters
 */
public record ReadOptions(BinningOptions binning, SpikeTableOptions table, PhySelection phy) {

    public ReadOptions {
        if (binning == null || table == null || phy == null) {
            throw new IllegalArgumentException("binning, table and phy options are required (use defaults())");
        }
    }

    public static ReadOptions defaults() {
        return new ReadOptions(BinningOptions.defaults(), SpikeTableOptions.defaults(), PhySelection.GOOD);
    }

    public ReadOptions withBinning(BinningOptions b) {
        return new ReadOptions(b, table, phy);
    }

    public ReadOptions withTable(SpikeTableOptions t) {
        return new ReadOptions(binning, t, phy);
    }

    public ReadOptions withPhy(PhySelection p) {
        return new ReadOptions(binning, table, p);
    }
}
