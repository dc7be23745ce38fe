package org.poglm.ingest;

import java.io.IOException;
import java.net.URI;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A read-only, non-local Hadoop file system for tests ({@code elsewhere:///abs/path} maps to the
 * local {@code /abs/path}): it stands in for hdfs:// or s3a:// (readers must not treat it as a
 * local file) and fails every write, so a reader that writes into its input fails its test.
 */
public class ElsewhereFileSystem extends FileSystem {
    static final String SCHEME = "elsewhere";
    private final RawLocalFileSystem local = new RawLocalFileSystem();

    /** A configuration with this file system registered. */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set("fs." + SCHEME + ".impl", ElsewhereFileSystem.class.getName());
        conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
        return conf;
    }

    static String uri(java.nio.file.Path p) {
        return SCHEME + "://" + p.toAbsolutePath();
    }

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        local.initialize(URI.create("file:///"), conf);
        setConf(conf);
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    private static Path toLocal(Path p) {
        return new Path("file", null, p.toUri().getPath());
    }

    private static FileStatus back(FileStatus s) throws IOException {
        FileStatus c = new FileStatus(s);
        c.setPath(new Path(SCHEME, null, s.getPath().toUri().getPath()));
        return c;
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        return local.open(toLocal(f), bufferSize);
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return back(local.getFileStatus(toLocal(f)));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        FileStatus[] s = local.listStatus(toLocal(f));
        FileStatus[] out = new FileStatus[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = back(s[i]);
        }
        return out;
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
        short replication, long blockSize, Progressable progress) throws IOException {
        throw new IOException("read-only test file system: refused to create " + f);
    }

    @Override
    public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
        throw new IOException("read-only test file system: refused to append to " + f);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        throw new IOException("read-only test file system: refused to rename " + src);
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        throw new IOException("read-only test file system: refused to delete " + f);
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        throw new IOException("read-only test file system: refused to create folder " + f);
    }

    @Override
    public void setWorkingDirectory(Path dir) {
        // Paths in tests are absolute.
    }

    @Override
    public Path getWorkingDirectory() {
        return new Path(SCHEME + ":///");
    }
}
