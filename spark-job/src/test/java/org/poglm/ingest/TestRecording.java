package org.poglm.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.poglm.data.Piece;
import org.poglm.data.Recording;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;

/**
 * The tests' own recording: 4 units (ids 2, 5, 11, 40, so numeric and string order differ),
 * 30 s at 0.01 s bins (3000 bins = 30 pieces of 100), a few hundred spikes at sample indices of
 * a 30 kHz clock placed well inside their bins (offsets 60, 150, 240 of 300 samples), so binning
 * is unambiguous. It can be written in every input format.
 */
final class TestRecording {
    static final double FS = 30000;
    static final double DT = 0.01;
    static final int BINS = 3000;
    static final int SAMPLES_PER_BIN = 300;
    static final List<String> UNITS = List.of("2", "5", "11", "40");
    private static final double[] RATES = {2, 3, 4, 5};
    private static final int[] OFFSETS = {60, 150, 240};

    /** Sorted sample indices per unit, in UNITS order. */
    final long[][] samples;
    /** counts[bin][unit]. */
    final int[][] counts;

    private TestRecording(long[][] samples) {
        this.samples = samples;
        this.counts = new int[BINS][UNITS.size()];
        for (int u = 0; u < samples.length; u++) {
            for (long s : samples[u]) {
                counts[(int) (s / SAMPLES_PER_BIN)][u]++;
            }
        }
    }

    static TestRecording create(long seed) {
        Random rng = new Random(seed);
        long[][] samples = new long[UNITS.size()][];
        for (int u = 0; u < UNITS.size(); u++) {
            List<Long> s = new ArrayList<>();
            for (int b = 0; b < BINS; b++) {
                double p = RATES[u] * DT;
                boolean forced = u == 0 && (b == 0 || b == BINS - 1);
                if (forced || rng.nextDouble() < p) {
                    s.add((long) b * SAMPLES_PER_BIN + OFFSETS[rng.nextInt(3)]);
                    if (rng.nextDouble() < 0.1) { // a second spike in the same bin
                        s.add((long) b * SAMPLES_PER_BIN + OFFSETS[2] + 30);
                        s.set(s.size() - 2, (long) b * SAMPLES_PER_BIN + OFFSETS[0]);
                    }
                }
            }
            samples[u] = s.stream().mapToLong(Long::longValue).toArray();
        }
        return new TestRecording(samples);
    }

    static double time(long sample) {
        return sample / FS;
    }

    int spikeCount() {
        return Arrays.stream(samples).mapToInt(s -> s.length).sum();
    }

    Recording recording() {
        short[] c = new short[BINS * UNITS.size()];
        for (int b = 0; b < BINS; b++) {
            for (int u = 0; u < UNITS.size(); u++) {
                c[b * UNITS.size() + u] = (short) counts[b][u];
            }
        }
        return new Recording(c, BINS, UNITS, DT);
    }

    List<Piece> expectedPieces() {
        return recording().cut(100, 0);
    }

    /** (unit index, sample) of every spike, sorted by time then unit. */
    private List<long[]> spikesByTime() {
        List<long[]> all = new ArrayList<>();
        for (int u = 0; u < samples.length; u++) {
            for (long s : samples[u]) {
                all.add(new long[] {u, s});
            }
        }
        all.sort(Comparator.<long[]>comparingLong(x -> x[1]).thenComparingLong(x -> x[0]));
        return all;
    }

    Path writeSpikeCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("unit,time\n");
        for (long[] s : spikesByTime()) {
            sb.append(UNITS.get((int) s[0])).append(',').append(time(s[1])).append('\n');
        }
        Files.writeString(file, sb);
        return file;
    }

    Path writeParquet(Path file) throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType(
            "message spikes { required int64 unit; required double time; }");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w =
            ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
            for (long[] s : spikesByTime()) {
                w.write(groups.newGroup().append("unit", Long.parseLong(UNITS.get((int) s[0]))).append("time",
                    time(s[1])));
            }
        }
        return file;
    }

    /**
     * A phy folder; with {@code noise}, an extra cluster 99 labelled noise (left out by the
     * default selection) fires 20 spikes.
     */
    Path writePhy(Path dir, boolean noise) throws IOException {
        Files.createDirectories(dir);
        List<long[]> spikes = new ArrayList<>(spikesByTime());
        if (noise) {
            for (int k = 0; k < 20; k++) {
                spikes.add(new long[] {-1, 1000L * k + 7});
            }
            spikes.sort(Comparator.comparingLong(x -> x[1]));
        }
        long[] times = new long[spikes.size()];
        long[] clusters = new long[spikes.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = spikes.get(i)[1];
            clusters[i] = spikes.get(i)[0] < 0 ? 99 : Long.parseLong(UNITS.get((int) spikes.get(i)[0]));
        }
        NpyWriter.writeLongs(dir.resolve("spike_times.npy"), "<u8", new int[] {times.length}, times);
        NpyWriter.writeLongs(dir.resolve("spike_clusters.npy"), "<i4", new int[] {clusters.length}, clusters);
        Files.writeString(dir.resolve("params.py"), "dat_path = 'raw.bin'\nn_channels_dat = 64\ndtype = 'int16'\n"
            + "offset = 0\nsample_rate = 30000.0\nhp_filtered = False\n");
        StringBuilder g = new StringBuilder("cluster_id\tgroup\n");
        for (String u : UNITS) {
            g.append(u).append("\tgood\n");
        }
        if (noise) {
            g.append("99\tnoise\n");
        }
        Files.writeString(dir.resolve("cluster_group.tsv"), g);
        return dir;
    }

    /** The order of the units in the rows of {@link #writeNwb(Path)}'s units table. */
    static final List<String> NWB_ROWS = List.of("40", "2", "11", "5");

    /** An NWB-style units table; units stored in the order 40, 2, 11, 5 (not the column order). */
    Path writeNwb(Path file) {
        return writeNwb(file, (hdf, units) -> {
        });
    }

    /**
     * {@link #writeNwb(Path)} with more: {@code more} adds to the file (root, units group), e.g. a
     * label column with one entry per row of {@link #NWB_ROWS}.
     */
    Path writeNwb(Path file, BiConsumer<WritableHdfFile, WritableGroup> more) {
        int[] fileOrder = {3, 0, 2, 1};
        int total = spikeCount();
        double[] times = new double[total];
        long[] index = new long[UNITS.size()];
        long[] ids = new long[UNITS.size()];
        int k = 0;
        for (int j = 0; j < fileOrder.length; j++) {
            int u = fileOrder[j];
            for (long s : samples[u]) {
                times[k++] = time(s);
            }
            index[j] = k;
            ids[j] = Long.parseLong(UNITS.get(u));
        }
        writeNwb(file, times, index, ids, more);
        return file;
    }

    static void writeNwb(Path file, double[] times, long[] index, long[] ids) {
        writeNwb(file, times, index, ids, (hdf, units) -> {
        });
    }

    /** A minimal NWB file with a units table; {@code more} adds to it (root, units group). */
    static void writeNwb(Path file, double[] times, long[] index, long[] ids,
        BiConsumer<WritableHdfFile, WritableGroup> more) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("nwb_version", "2.4.0");
            hdf.putAttribute("neurodata_type", "NWBFile");
            WritableGroup units = hdf.putGroup("units");
            units.putAttribute("neurodata_type", "Units");
            units.putAttribute("colnames", new String[] {"spike_times"});
            units.putDataset("spike_times", times);
            int[] idx = new int[index.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (int) index[i];
            }
            units.putDataset("spike_times_index", idx, DatasetCreationOptions.builder().unsigned().build());
            units.putDataset("id", ids);
            more.accept(hdf, units);
        }
    }

    Path writeCountNpy(Path file, String descr, boolean fortran) throws IOException {
        double[] flat = new double[BINS * UNITS.size()];
        for (int b = 0; b < BINS; b++) {
            for (int u = 0; u < UNITS.size(); u++) {
                flat[b * UNITS.size() + u] = counts[b][u];
            }
        }
        return NpyWriter.write(file, descr, new int[] {BINS, UNITS.size()}, fortran, flat, 1);
    }

    Path writeCountCsv(Path file, boolean binColumn) throws IOException {
        StringBuilder sb = new StringBuilder(binColumn ? "bin," : "").append(String.join(",", UNITS)).append('\n');
        for (int b = 0; b < BINS; b++) {
            if (binColumn) {
                sb.append(b).append(',');
            }
            for (int u = 0; u < UNITS.size(); u++) {
                sb.append(u == 0 ? "" : ",").append(counts[b][u]);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb);
        return file;
    }
}
