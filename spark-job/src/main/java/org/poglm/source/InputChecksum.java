package org.poglm.source;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.poglm.ingest.InputException;
import org.poglm.result.Provenance;

/** The identity of an input file or folder: SHA-256 and size of its bytes (a folder's files in name order). */
final class InputChecksum {
    private InputChecksum() {
    }

    static void requireExists(String path, Configuration conf) {
        try {
            Path p = new Path(path);
            if (!p.getFileSystem(conf).exists(p)) {
                throw new InputException(path + ": no such file or folder");
            }
        } catch (IOException e) {
            throw new InputException(path + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The input's description; the checksum says "unavailable: why" when the bytes cannot be read. */
    static Provenance.Input of(String path, String format, Configuration conf) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            List<Path> files = new ArrayList<>();
            if (fs.getFileStatus(p).isDirectory()) {
                for (FileStatus st : fs.listStatus(p)) {
                    if (st.isFile()) {
                        files.add(st.getPath());
                    }
                }
                files.sort(null);
            } else {
                files.add(p);
            }
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                try (InputStream in = fs.open(f)) {
                    int r;
                    while ((r = in.read(buf)) > 0) {
                        md.update(buf, 0, r);
                        bytes += r;
                    }
                }
            }
            return new Provenance.Input(path, format, HexFormat.of().formatHex(md.digest()), bytes, files.size(), null);
        } catch (Exception e) {
            return new Provenance.Input(path, format, "unavailable: " + e.getMessage(), null, null, null);
        }
    }
}
