package org.poglm.source;

import java.io.PrintStream;

import org.apache.hadoop.conf.Configuration;

/**
 * Where a run's recording comes from: a file or folder read on the driver ({@link RecordingFile}),
 * a spike table too large for the driver, binned by Spark ({@link SpikeTableOnSpark}), or the
 * built-in generator ({@link GeneratedRecording}). Each turns into the same
 * {@link LoadedRecording}, in two steps: {@link #open} reads and checks everything that needs no
 * cluster (bad input fails in seconds, before Spark starts), {@link OpenedRecording#load} puts the
 * pieces on the executors.
 */
public sealed interface RecordingSource permits RecordingFile, SpikeTableOnSpark, GeneratedRecording {
    /** The input path, which a result must stay out of; null for a generated recording. */
    String path();

    /** Reads and checks what needs no cluster; {@code console} hears what a user should know. */
    OpenedRecording open(Configuration hadoop, PrintStream console);
}
