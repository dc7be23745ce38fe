package org.poglm.ingest.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Hadoop's {@link TextInputFormat} for input files named exactly, without globbing: Hadoop's glob
 * expansion rebuilds a path name by name through {@code new Path(String)}, which takes a name with
 * a ':' ({@code session_2024-05-01T10:30.csv}) for a URI scheme. Used for such paths only; the
 * input paths are read back qualified ({@code file:/...}), which Hadoop parses unchanged, and
 * splitting, codecs and line reading are {@link TextInputFormat}'s.
 *
 * <p>Public, with a public no-argument constructor, for Hadoop and Spark to instantiate by name.
 */
public class ColonSafeTextInputFormat extends TextInputFormat {
    @Override
    protected List<FileStatus> listStatus(JobContext job) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        for (Path p : getInputPaths(job)) {
            out.add(p.getFileSystem(job.getConfiguration()).getFileStatus(p));
        }
        return out;
    }
}
