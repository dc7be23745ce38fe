package org.poglm.result;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A job's output directory, written so that nothing is lost and nothing half-written looks
 * finished: files go to {@code <out>/_temporary/<run id>/} first; {@link #commit} moves them into
 * place and writes {@code _SUCCESS} last. A directory that already holds a finished result
 * ({@code _SUCCESS}) is refused unless overwriting was asked for, and even then only this job's own
 * entries ({@link #ENTRIES}) are replaced, all of them (no file of the old result survives next to
 * the new one); anything else in the directory is left alone. A directory inside the input is
 * refused ({@link #checkOutsideInput}). Works on
 * any Hadoop file system (local, {@code hdfs://}, {@code s3a://}); on the local one it writes plain
 * files, without Hadoop's {@code .<name>.crc} checksum files ({@link #fileSystem}).
 */
public final class OutputDirectory {
    private static final String SUCCESS = ResultLayout.SUCCESS;
    private static final String TEMPORARY = ResultLayout.TEMPORARY;
    /** The entries a result owns: an overwrite replaces these and nothing else. */
    private static final List<String> ENTRIES = ResultLayout.ENTRIES;

    private final FileSystem fs;
    private final Path out;
    private final Path staging;
    private final boolean createdHere;

    private OutputDirectory(FileSystem fs, Path out, Path staging, boolean createdHere) {
        this.fs = fs;
        this.out = out;
        this.staging = staging;
        this.createdHere = createdHere;
    }

    /**
     * The file system to write (and read) a result at {@code path} with: for a local path the raw
     * local file system, so that a result is the files the job wrote and no {@code .<name>.crc}
     * checksum file next to each (Hadoop's default local file system keeps them, and its user sees
     * them in every listing); any other file system (HDFS, S3, ...) as Hadoop configures it.
     */
    public static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /**
     * The checksum file that Hadoop's checksummed local file system keeps next to {@code file}
     * ({@code .<name>.crc}), or null for the root. A result written before the job wrote through the
     * raw file system has them; they go wherever their file goes, so none is left stale.
     */
    static Path checksumOf(Path file) {
        return file.getParent() == null ? null : new Path(file.getParent(), "." + file.getName() + ".crc");
    }

    /** Whether {@code fs} is the local file system, the only one that keeps checksum files. */
    static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }

    /**
     * Deletes the checksum file of {@code file} on the local file system, if there is one (see
     * {@link #checksumOf}); does nothing on any other file system.
     */
    public static void deleteChecksum(FileSystem fs, Path file) throws IOException {
        Path crc = checksumOf(file);
        if (isLocal(fs) && crc != null && fs.exists(crc)) {
            fs.delete(crc, false);
        }
    }

    /**
     * Checks that {@code out} may receive a result; throws {@link OutputException} (a bad-input error)
     * if it is a file or holds a finished result and {@code overwrite} is false. Creates nothing.
     */
    public static void check(String out, boolean overwrite, Configuration conf) {
        try {
            Path p = new Path(out);
            FileSystem fs = fileSystem(p, conf);
            if (!fs.exists(p)) {
                return;
            }
            if (!fs.getFileStatus(p).isDirectory()) {
                throw new OutputException("--out " + out + " is a file: expected a directory (new or a previous result)");
            }
            if (fs.exists(new Path(p, SUCCESS)) && !overwrite) {
                throw new OutputException("--out " + out + " already holds a finished result (" + SUCCESS
                    + "): expected a new directory, or --overwrite to replace that result");
            }
        } catch (IOException e) {
            throw new OutputException("--out " + out + ": cannot be inspected (" + e.getMessage() + ")");
        }
    }

    /**
     * Refuses an {@code out} that would write into the recording {@code input}: {@code out} equal to
     * the input, inside an input folder (a phy/Kilosort folder, a Parquet folder), or equal to the
     * folder that holds an input file (the result's files would mix with the user's). A sibling
     * folder, or a subfolder next to an input file, is fine. Paths are compared fully qualified
     * (scheme, authority, absolute path), so {@code /d}, {@code file:/d} and a relative path to it
     * are one place, and {@code hdfs://nn/d} is another. An input that does not exist is left to the
     * reader to report; {@code input} null (a generated recording) is never in the way.
     */
    public static void checkOutsideInput(String out, String input, Configuration conf) {
        if (input == null) {
            return;
        }
        Path in;
        Path o;
        try {
            in = new Path(input);
            o = new Path(out);
        } catch (IllegalArgumentException e) {
            return; // not a path: the reader or check() names it
        }
        FileStatus inStatus;
        Path qIn;
        Path qOut;
        try {
            FileSystem inFs = in.getFileSystem(conf);
            if (!inFs.exists(in)) {
                return;
            }
            inStatus = inFs.getFileStatus(in);
            qIn = inFs.makeQualified(in);
            qOut = o.getFileSystem(conf).makeQualified(o);
        } catch (IOException e) {
            return; // an unreadable input is the reader's error to report, with its own message
        }
        if (within(qOut, qIn)) {
            throw new OutputException("--out " + out + (within(qIn, qOut) ? " is" : " is inside") + " the input "
                + (inStatus.isDirectory() ? "folder " : "") + input
                + ": expected a directory outside the input (results are never written into a recording or a "
                + "sorter's folder)");
        }
        if (!inStatus.isDirectory() && qIn.getParent() != null && within(qOut, qIn.getParent())
            && within(qIn.getParent(), qOut)) {
            throw new OutputException("--out " + out + " is the folder that holds the input " + input
                + ": expected a directory of its own (a new folder next to the input is fine)");
        }
    }

    /** True when {@code p} is {@code root} or below it (both qualified). */
    static boolean within(Path p, Path root) {
        // By parts: file:/d and file:///d are the same place.
        java.net.URI a = p.toUri();
        java.net.URI r = root.toUri();
        if (!String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(r.getScheme()))
            || !java.util.Objects.toString(a.getAuthority(), "").equalsIgnoreCase(
                java.util.Objects.toString(r.getAuthority(), ""))) {
            return false;
        }
        String ap = a.getPath();
        String rp = r.getPath();
        return ap.equals(rp) || ap.startsWith(rp.endsWith("/") ? rp : rp + "/");
    }

    /** Opens the staging area of run {@code runId} (after {@link #check}). */
    public static OutputDirectory open(String out, boolean overwrite, Configuration conf, String runId) {
        check(out, overwrite, conf);
        try {
            Path p = new Path(out);
            FileSystem fs = fileSystem(p, conf);
            boolean created = !fs.exists(p);
            Path staging = new Path(new Path(p, TEMPORARY), runId);
            if (!fs.mkdirs(staging)) {
                throw new OutputException("--out " + out + ": cannot create " + staging);
            }
            return new OutputDirectory(fs, fs.makeQualified(p), staging, created);
        } catch (IOException e) {
            throw new OutputException("--out " + out + ": cannot be created (" + e.getMessage() + ")");
        }
    }

    /** The final location. */
    public Path path() {
        return out;
    }

    /** Where this run's files are written until {@link #commit}. */
    public Path stagingPath() {
        return staging;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** Writes a UTF-8 text file at {@code relative} (may contain '/') in the staging area. */
    public void write(String relative, String text) {
        write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    public void write(String relative, byte[] bytes) {
        try (OutputStream os = fs.create(new Path(staging, relative), false)) {
            os.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + relative + " under " + staging, e);
        }
    }

    /**
     * Moves the staged entries into place. {@code _SUCCESS} is removed first (the directory stops
     * looking finished before anything in it changes) and written last. Every entry this job owns
     * ({@link #ENTRIES}) that is already there, from a previous result being overwritten or a run
     * that crashed, is first moved aside into {@code _temporary/}, so that the new result never
     * mixes with files of the old one (a truth.json or chart the new run did not write), and is
     * deleted only once the new {@code _SUCCESS} is written: a crash at any point leaves the old
     * result's files or the new ones. Entries this job did not write are never touched.
     */
    public void commit(String marker) {
        Path success = new Path(out, SUCCESS);
        Path aside = new Path(staging.getParent(), staging.getName() + "-previous");
        List<String> moved = new ArrayList<>();
        try {
            FileStatus[] staged = fs.listStatus(staging);
            for (FileStatus st : staged) {
                String name = st.getPath().getName();
                if (!ENTRIES.contains(name) && fs.exists(new Path(out, name))) {
                    throw new OutputException("--out " + out + ": refusing to replace " + name
                        + ", which this job did not write");
                }
            }
            if (fs.exists(success)) {
                fs.delete(success, false);
            }
            // An entry of a result written by the checksummed local file system has a .<name>.crc
            // next to it, which must not outlive (and contradict) the entry.
            boolean local = isLocal(fs);
            deleteChecksum(fs, success);
            for (String name : ENTRIES) {
                for (String n : local ? List.of(name, checksumOf(new Path(out, name)).getName()) : List.of(name)) {
                    Path previous = new Path(out, n);
                    if (fs.exists(previous)) {
                        if (!fs.exists(aside) && !fs.mkdirs(aside)) {
                            throw new IOException("cannot create " + aside);
                        }
                        rename(previous, new Path(aside, n));
                        moved.add(n);
                    }
                }
            }
            for (FileStatus st : staged) {
                rename(st.getPath(), new Path(out, st.getPath().getName()));
            }
            fs.delete(staging, true);
            try (OutputStream os = fs.create(success, true)) {
                os.write(marker.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            restore(aside, moved);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("committing the result to " + out, (IOException) e);
        }
        try {
            // The new result is complete: the previous one's entries can go.
            fs.delete(aside, true);
            removeStaging();
        } catch (IOException e) {
            // Leftovers under _temporary do not make the result less finished.
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("rename " + from + " -> " + to + " failed");
        }
    }

    /**
     * After a failed commit, puts the entries moved aside back where no new entry took their
     * place (best effort; what cannot be moved back stays under {@code _temporary/}).
     */
    private void restore(Path aside, List<String> moved) {
        for (String name : moved) {
            try {
                Path target = new Path(out, name);
                if (!fs.exists(target)) {
                    fs.rename(new Path(aside, name), target);
                }
            } catch (IOException ignored) {
                // The previous entry stays in _temporary, not lost.
            }
        }
    }

    /** Removes the staging area (after a failure); leaves no trace in a directory this run created. */
    public void abort() {
        try {
            removeStaging();
            if (createdHere && fs.exists(out) && fs.listStatus(out).length == 0) {
                fs.delete(out, false);
            }
        } catch (IOException e) {
            // Best effort: the directory has no _SUCCESS, so it does not look finished.
        }
    }

    private void removeStaging() throws IOException {
        fs.delete(staging, true);
        Path tmp = new Path(out, TEMPORARY);
        if (fs.exists(tmp) && fs.listStatus(tmp).length == 0) {
            fs.delete(tmp, false);
        }
    }
}
