package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.ingest.RecordingReader.Format;

/**
 * A few outlying spike times (1e6 s in a 60 s recording) would stretch the window, and the
 * training, by orders of magnitude; a time such as 1e300 s cannot be binned at all. Both are
 * refused before anything is allocated, naming the line, row or array element of the latest
 * time, its value and the window it would make; {@code end} (--end) reads such a recording.
 */
class OutlierTimesTest {
    @TempDir
    Path dir;
    static final RecordingReader READER = new RecordingReader();

    /** 3 units firing every 0.1 s over 60 s (1800 spikes, the last at 59.92 s), as "unit,time" rows. */
    static List<String> sixtySeconds() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            for (int u = 0; u < 3; u++) {
                rows.add(u + "," + String.format(Locale.ROOT, "%.2f", i * 0.1 + u * 0.01));
            }
        }
        return rows;
    }

    /** The rows as a CSV file with a header: row i is on line i + 2. */
    private Path csv(String name, List<String> rows) throws IOException {
        return Files.writeString(dir.resolve(name), "unit,time\n" + String.join("\n", rows) + "\n");
    }

    private static String error(Path p, ReadOptions o) {
        return assertThrows(InputException.class, () -> READER.read(p.toString(), Format.AUTO, o)).getMessage();
    }

    @Test
    void oneOutlyingTimeIsRefusedNamingItsLine() throws IOException {
        List<String> rows = sixtySeconds();
        rows.add(700, "2,1000000");
        Path p = csv("outlier.csv", rows);
        assertEquals(p + " line 702, column time: '1000000' is far beyond the other spike times: it stretches the"
            + " window to [0, 1000000.01) s = 100000001 bins = 1000000 pieces of 100 bins, while 1800 of the 1801"
            + " spikes lie before 100000.001 s, its first tenth (the last of them at 59.92 s); expected spike times"
            + " within the recording (set --end to where the recording ends, e.g. --end 59.93, or remove the"
            + " outlier)", error(p, ReadOptions.defaults()));

        // With an end, the window is the user's: the outlier is outside it, and said so.
        BinnedRecording r = READER.read(p.toString(), Format.AUTO,
            ReadOptions.defaults().withBinning(BinningOptions.defaults().withWindow(Double.NaN, 60)));
        assertEquals(6000, r.bins());
        assertEquals(1800, r.totalSpikes());
        assertTrue(r.warnings().contains(p + ": 1 spike outside the window [0, 60) s ignored (unit 2: 1)"),
            r.warnings().toString());
    }

    @Test
    void aFewOutlyingTimesAreRefusedNamingTheLatest() throws IOException {
        List<String> rows = sixtySeconds();
        rows.add(100, "1,1500000");
        rows.add(1200, "0,2000000.5");
        rows.add(5, "0,999999");
        Path p = csv("three.csv", rows);
        assertEquals(p + " line 1203, column time: '2000000.5' and 2 more spike times from 200000.051 s on are far"
            + " beyond the other spike times: they stretch the window to [0, 2000000.51) s = 200000051 bins ="
            + " 2000000 pieces of 100 bins, while 1800 of the 1803 spikes lie before 200000.051 s, its first tenth"
            + " (the last of them at 59.92 s); expected spike times within the recording (set --end to where the"
            + " recording ends, e.g. --end 59.93, or remove the outliers)", error(p, ReadOptions.defaults()));
    }

    @Test
    void aTimeTooLargeToBinIsRefusedNamingItsLine() throws IOException {
        List<String> rows = sixtySeconds();
        rows.add(3, "1,1e300");
        Path p = csv("huge.csv", rows);
        assertEquals(p + " line 5, column time: '1e300' is too large to bin: it falls in bin 1.00e+302 of 0.01 s from"
            + " 0 s, beyond the 9007199254740992 bins that can be addressed; expected spike times before"
            + " 90071992500000 s (set --end to bin only up to a chosen time, or remove the outlier)",
            error(p, ReadOptions.defaults()));
        // Milliseconds: the value as written; with an end it is only outside the window.
        Path ms = csv("huge_ms.csv", List.of("1,5", "1,1e300", "2,7"));
        ReadOptions millis = ReadOptions.defaults().withTable(SpikeTableOptions.defaults().withSecondsPerUnit(0.001))
            .withBinning(BinningOptions.defaults().withPieceBins(1));
        assertTrue(error(ms, millis).startsWith(ms + " line 3, column time: '1e300' is too large to bin: it falls in"
            + " bin 1.00e+299 of 0.01 s"), error(ms, millis));
        assertEquals(2, READER.read(ms.toString(), Format.AUTO, millis.withBinning(millis.binning()
            .withWindow(0, 0.01))).totalSpikes());
    }

    @Test
    void recordingsThatAreNotStretchedReadAsBefore() throws IOException {
        // Below 100 pieces the rule does not apply: a late spike at 95 s makes 95 pieces.
        List<String> rows = sixtySeconds();
        rows.add("1,95.5");
        assertEquals(95, READER.read(csv("short.csv", rows).toString(), Format.AUTO, ReadOptions.defaults())
            .pieceCount());
        // More than 1% of the spikes late: firing that goes on, slower, is a recording, not outliers.
        List<String> slow = sixtySeconds();
        for (int k = 0; k < 19; k++) {
            slow.add("0," + (1000 + k * 50));
        }
        BinnedRecording r = READER.read(csv("slow.csv", slow).toString(), Format.AUTO, ReadOptions.defaults());
        assertEquals(190001, r.bins(), "a window to 1900 s");
        // 18 late spikes of 1818 (at most 1%) stretch it.
        List<String> few = sixtySeconds();
        for (int k = 0; k < 18; k++) {
            few.add("0," + (1000 + k * 50));
        }
        assertTrue(error(csv("few.csv", few), ReadOptions.defaults()).contains("line 1819, column time: '1850' and 17"
            + " more spike times from 185.001 s on are far beyond the other spike times"));
    }

    @Test
    void aParquetTableNamesThePartAndRow() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType(
            "message m { required int32 unit; required double time; }");
        Path folder = Files.createDirectories(dir.resolve("t.parquet"));
        List<String> rows = sixtySeconds();
        rows.add(1000, "1,5e5");
        for (int part = 0; part < 2; part++) {
            SimpleGroupFactory f = new SimpleGroupFactory(schema);
            try (ParquetWriter<Group> w = ExampleParquetWriter
                .builder(new LocalOutputFile(folder.resolve("part-" + part + ".parquet"))).withType(schema).build()) {
                for (String row : rows.subList(part * 900, part == 0 ? 900 : rows.size())) {
                    String[] x = row.split(",");
                    w.write(f.newGroup().append("unit", Integer.parseInt(x[0])).append("time",
                        Double.parseDouble(x[1])));
                }
            }
        }
        String e = error(folder, ReadOptions.defaults());
        assertTrue(e.startsWith("file:" + folder.resolve("part-1.parquet") + " row 101, column time: '500000.0' is far"
            + " beyond the other spike times: it stretches the window to [0, 500000.01) s = 50000001 bins = 500000"
            + " pieces of 100 bins"), e);
    }

    @Test
    void phyAndNwbNameTheArrayElement() throws IOException {
        // phy: sample indices at 30 kHz; one is 3e10 (1e6 s).
        List<String> rows = sixtySeconds();
        long[] samples = new long[rows.size() + 1];
        long[] clusters = new long[samples.length];
        for (int i = 0, k = 0; i < samples.length; i++) {
            if (i == 123) {
                samples[i] = 30_000_000_000L;
                clusters[i] = 2;
                continue;
            }
            String[] x = rows.get(k++).split(",");
            samples[i] = Math.round(Double.parseDouble(x[1]) * 30000);
            clusters[i] = Long.parseLong(x[0]);
        }
        Path phy = Files.createDirectories(dir.resolve("phy"));
        NpyWriter.writeLongs(phy.resolve("spike_times.npy"), "<u8", new int[] {samples.length}, samples);
        NpyWriter.writeLongs(phy.resolve("spike_clusters.npy"), "<i4", new int[] {clusters.length}, clusters);
        Files.writeString(phy.resolve("params.py"), "sample_rate = 30000.0\n");
        ReadOptions all = ReadOptions.defaults().withPhy(PhySelection.ALL);
        String e = error(phy, all);
        assertTrue(e.startsWith(phy.resolve("spike_times.npy") + " index 123: '30000000000' is far beyond the other"
            + " spike times: it stretches the window to [0, 1000000.01) s"), e);

        // NWB: seconds, all units concatenated.
        double[] times = new double[samples.length];
        long[] index = new long[3];
        long[] ids = {0, 1, 2};
        int k = 0;
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < samples.length; i++) {
                if (clusters[i] == u) {
                    times[k++] = samples[i] / 30000.0;
                }
            }
            index[u] = k;
        }
        Path nwb = dir.resolve("units.nwb");
        TestRecording.writeNwb(nwb, times, index, ids);
        String n = error(nwb, ReadOptions.defaults());
        assertTrue(n.startsWith(nwb + ": /units/spike_times[1241] (unit 2): '1000000.0' is far beyond the other spike"
            + " times"), n);
    }
}
