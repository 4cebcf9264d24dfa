package dev.g4j.bench.jmh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** Where the relay's bytes go: nowhere (counted), or into a record of its writes. */
final class Sinks {
    private Sinks() {}

    /**
     * Discards what is written, after copying it into a reused scratch buffer as a socket write copies
     * into the kernel's: the least any writer pays per byte. Counts the bytes, so a run can check that it
     * wrote what it should.
     */
    static final class Discarding extends OutputStream {
        private final byte[] scratch = new byte[64 * 1024];
        private int at;
        long bytes;

        @Override
        public void write(int b) {
            if (at == scratch.length) {
                at = 0;
            }
            scratch[at++] = (byte) b;
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            while (len > 0) {
                if (at == scratch.length) {
                    at = 0;
                }
                int n = Math.min(len, scratch.length - at);
                System.arraycopy(b, off, scratch, at, n);
                at += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() {}
    }

    /** Keeps every byte, cut into the pieces the writer flushed. */
    static final class Recording extends OutputStream {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final List<byte[]> flushed = new ArrayList<>();

        @Override
        public void write(int b) {
            all.write(b);
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            all.write(b, off, len);
            pending.write(b, off, len);
        }

        @Override
        public void flush() {
            if (pending.size() > 0) {
                flushed.add(pending.toByteArray());
                pending.reset();
            }
        }

        byte[] bytes() {
            return all.toByteArray();
        }

        /** The flushed pieces; anything written after the last flush counts as one more. */
        byte[][] writes() {
            flush();
            return flushed.toArray(byte[][]::new);
        }
    }
}
