package org.poglm.ingest.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.poglm.ingest.DelimitedText;
import org.poglm.ingest.InputException;

/**
 * The header line of a text file: its text (byte order mark removed), the byte offset where it
 * starts (as Hadoop's line reader numbers lines, after decompression for compressed files) and
 * its 1-based line number. The line rules are {@link DelimitedText}'s; what is added here is the
 * byte offset, which executors compare with the offsets of Hadoop's splits.
 */
record TextHeader(String text, long offset, long line) {
    /**
     * Reads lines from the start of the file until the header (first line that is not
     * {@link DelimitedText#skipped}); null when the file has only blank and comment lines.
     */
    static TextHeader find(Path p, Configuration conf) {
        try (InputStream raw = p.getFileSystem(conf).open(p)) {
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
            InputStream in = codec == null ? raw : codec.createInputStream(raw);
            LineScanner lines = new LineScanner(in);
            String line;
            while ((line = lines.next()) != null) {
                if (!DelimitedText.skipped(line)) {
                    String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
                    return new TextHeader(text, lines.lineStart(), lines.lineNumber());
                }
            }
            return null;
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Splits a byte stream into UTF-8 lines at LF, CRLF or CR (as Hadoop's LineReader and
     * BufferedReader do), tracking the byte offset of each line.
     */
    static final class LineScanner {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int len;
        private int pos;
        private long consumed;
        private long lineStart;
        private long lineNumber;
        private boolean eof;

        LineScanner(InputStream in) {
            this.in = in;
        }

        long lineStart() {
            return lineStart;
        }

        long lineNumber() {
            return lineNumber;
        }

        /** Refills the buffer once it is used up; false at the end of the stream. */
        private boolean fill() throws IOException {
            if (pos < len) {
                return true;
            }
            if (eof) {
                return false;
            }
            len = in.read(buf);
            pos = 0;
            if (len <= 0) {
                eof = true;
                len = 0;
                return false;
            }
            return true;
        }

        private int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            consumed++;
            return buf[pos++] & 0xff;
        }

        private int peek() throws IOException {
            return fill() ? buf[pos] & 0xff : -1;
        }

        String next() throws IOException {
            long start = consumed;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b = read();
            if (b < 0) {
                return null;
            }
            while (b >= 0 && b != '\n' && b != '\r') {
                line.write(b);
                b = read();
            }
            if (b == '\r' && peek() == '\n') {
                read();
            }
            lineStart = start;
            lineNumber++;
            return line.toString(StandardCharsets.UTF_8);
        }
    }
}
