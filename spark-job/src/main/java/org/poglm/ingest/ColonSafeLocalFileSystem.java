package org.poglm.ingest;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Hadoop's local file system, able to open a file whose name holds a ':'. {@link LocalFileSystem}
 * looks for a file's checksum file ({@code .name.crc} next to it) by
 * {@code new Path(parent, "." + name + ".crc")}, which parses that name as a URI and takes what
 * comes before the ':' for a scheme ("Relative path in absolute URI"); this class names the
 * checksum file by its absolute path instead. Everything else, checksum verification included,
 * is {@link LocalFileSystem}'s.
 *
 * <p>Public, with a public no-argument constructor, for Hadoop to instantiate by name: the readers
 * (and the executors of the distributed reader) get it for {@code file:} paths with a ':' through
 * {@link InputFiles#readSettings}.
 */
public class ColonSafeLocalFileSystem extends LocalFileSystem {
    @Override
    public Path getChecksumFile(Path file) {
        Path abs = makeQualified(file);
        Path parent = abs.getParent();
        String dir = parent == null ? "" : parent.toUri().getPath();
        return new Path(abs.toUri().getScheme(), abs.toUri().getAuthority(),
            (dir.endsWith("/") ? dir : dir + "/") + "." + abs.getName() + ".crc");
    }
}
