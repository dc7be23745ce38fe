package org.poglm.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Read-only access to input files through the Hadoop FileSystem API, so that local paths,
 * {@code file://}, {@code hdfs://} and {@code s3a://} all work the same way. Nothing here ever
 * creates, renames or deletes anything at an input location.
 *
 * <p>Paths: {@link #path(String)} turns what a user typed into a Hadoop {@link Path}, so that a
 * local name with a ':' (timestamped recordings such as {@code session_2024-05-01T10:30.csv}) is a
 * name, not a URI scheme; and a path with a ':' is read through {@link ColonSafeLocalFileSystem}
 * ({@link #readSettings}), since Hadoop's local file system cannot name such a file's checksum
 * file.
 *
 * <p>Public for {@link #path(String)} and {@link #fileSystem} (every place that turns a user's path
 * into a Hadoop path, or opens it, should use them), {@link #extension} and {@link #readSettings},
 * which the distributed reader ({@code org.poglm.ingest.spark}) uses to recognise and open files
 * exactly as the local readers do.
 */
public final class InputFiles {
    /** A URI scheme followed by a slash: {@code hdfs://}, {@code file:/}, {@code s3a://}. */
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/.*", Pattern.DOTALL);

    private final Configuration conf;

    InputFiles(Configuration conf) {
        this.conf = conf == null ? new Configuration() : conf;
    }

    Configuration conf() {
        return conf;
    }

    /**
     * The Hadoop path for a path or URI as a user gives it. A string that starts with a URI scheme
     * and a slash ({@code hdfs://nn/rec.csv}, {@code file:/data/rec.csv}, {@code s3a://b/k},
     * {@code file:///d/x:y.csv}) is a URI, as Hadoop reads it. Anything else is a path on the
     * default file system (the local one unless {@code fs.defaultFS} says otherwise), in which a
     * ':' is part of a name: Hadoop's {@code new Path(String)} takes everything before the first
     * ':' of a relative path for a URI scheme ({@code session_2024-05-01T10:30.csv} fails with
     * "Relative path in absolute URI"), so such a path gets a leading {@code ./} (which is how it
     * prints, e.g. in messages). Absolute local paths and names without ':' are unchanged.
     *
     * @throws InputException for an empty path, or one that is not a valid path or URI
     */
    public static Path path(String path) {
        if (path == null || path.isBlank()) {
            throw new InputException("input path is empty: expected a file or folder");
        }
        try {
            if (URI_WITH_SCHEME.matcher(path).matches()) {
                return new Path(path);
            }
            int colon = path.indexOf(':');
            int slash = path.indexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) {
                return new Path("./" + path);
            }
            return new Path(path);
        } catch (IllegalArgumentException e) {
            throw new InputException("'" + path + "' is not a valid path or URI: " + e.getMessage(), e);
        }
    }

    /**
     * Hadoop settings needed to read {@code p}, empty for almost every path. For a path with a ':'
     * in it, {@code file:} is {@link ColonSafeLocalFileSystem} (not cached, so that these settings
     * decide): Hadoop's {@code LocalFileSystem} names a file's checksum file through
     * {@code new Path(String)}, which fails for a name with a ':'. Public so that the distributed
     * reader applies the same settings to its Hadoop configuration and Spark reader options.
     */
    public static Map<String, String> readSettings(Path p) {
        String name = p.toUri().getPath();
        if (name == null || name.indexOf(':') < 0) {
            return Map.of();
        }
        return Map.of("fs.file.impl", ColonSafeLocalFileSystem.class.getName(), "fs.file.impl.disable.cache", "true");
    }

    /** {@code conf} with {@link #readSettings} for {@code p}: {@code conf} itself when there are none. */
    public static Configuration readConf(Path p, Configuration conf) {
        Map<String, String> settings = readSettings(p);
        if (settings.isEmpty()) {
            return conf;
        }
        Configuration c = new Configuration(conf);
        settings.forEach(c::set);
        return c;
    }

    /** The configuration to read {@code p} with: {@link #readConf} of this reader's. */
    Configuration conf(Path p) {
        return readConf(p, conf);
    }

    /**
     * The file system to read {@code p} from: {@code p.getFileSystem} under {@link #readConf}. For
     * callers outside the readers that open a user's path ({@link #path(String)} first).
     */
    public static FileSystem fileSystem(Path p, Configuration conf) throws IOException {
        return p.getFileSystem(readConf(p, conf));
    }

    FileSystem fs(Path p) {
        try {
            return fileSystem(p, conf);
        } catch (IOException | RuntimeException e) {
            throw new InputException(p + ": cannot open its file system (" + e.getMessage() + ")", e);
        }
    }

    /** The status of {@code p}, or an {@link InputException} naming it when it does not exist. */
    FileStatus status(Path p, String what) {
        try {
            return fs(p).getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw new InputException(p + ": no such " + what, e);
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    boolean exists(Path p) {
        try {
            return fs(p).exists(p);
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** A regular file, or an error naming it (missing, or a folder where a file was expected). */
    FileStatus requireFile(Path p) {
        FileStatus st = status(p, "file");
        if (st.isDirectory()) {
            throw new InputException(p + " is a folder: expected a file");
        }
        return st;
    }

    FSDataInputStream open(Path p) {
        try {
            return fs(p).open(p);
        } catch (FileNotFoundException e) {
            throw new InputException(p + ": no such file", e);
        } catch (IOException e) {
            throw new InputException(p + ": cannot open (" + e.getMessage() + ")", e);
        }
    }

    /** Up to {@code n} first bytes of a file (fewer when the file is shorter). */
    byte[] head(Path p, int n) {
        try (InputStream in = open(p)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The visible entries of a folder (no names starting with '.' or '_'), sorted by name. */
    List<FileStatus> list(Path dir) {
        try {
            FileStatus[] entries = fs(dir).listStatus(dir);
            List<FileStatus> out = new ArrayList<>();
            for (FileStatus s : entries) {
                String name = s.getPath().getName();
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    out.add(s);
                }
            }
            out.sort(Comparator.comparing(s -> s.getPath().getName()));
            return out;
        } catch (FileNotFoundException e) {
            throw new InputException(dir + ": no such folder", e);
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A local file with the content of {@code p}: the file itself when it is on the local file
     * system, else a temporary copy that {@link LocalCopy#close()} deletes (libraries such as jhdf
     * need random access to a local file).
     */
    LocalCopy localCopy(Path p, String suffix) {
        FileSystem fs = fs(p);
        if (fs instanceof LocalFileSystem local) {
            return new LocalCopy(local.pathToFile(p).toPath(), false);
        }
        if (fs instanceof RawLocalFileSystem raw) {
            return new LocalCopy(raw.pathToFile(p).toPath(), false);
        }
        java.nio.file.Path tmp = null;
        try {
            tmp = Files.createTempFile("poglm-input-", suffix);
            try (InputStream in = open(p)) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return new LocalCopy(tmp, true);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new InputException(p + ": cannot copy to a local temporary file (" + e.getMessage() + ")", e);
        }
    }

    static void deleteQuietly(java.nio.file.Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // A leftover temp file is not worth failing a read for.
            }
        }
    }

    /** True when {@code bytes} starts with {@code magic}. */
    static boolean startsWith(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }

    /** Lower-case file extension without the dot, or "" (a trailing slash is ignored). */
    public static String extension(Path p) {
        String name = p.getName();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** A local file for a library that needs one; deletes it on close when it is a temporary copy. */
    static final class LocalCopy implements AutoCloseable {
        private final java.nio.file.Path file;
        private final boolean temporary;

        LocalCopy(java.nio.file.Path file, boolean temporary) {
            this.file = file;
            this.temporary = temporary;
        }

        java.nio.file.Path file() {
            return file;
        }

        boolean temporary() {
            return temporary;
        }

        @Override
        public void close() {
            if (temporary) {
                deleteQuietly(file);
            }
        }
    }
}
