package dev.g4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Serves bytes in reads of random sizes, reproducibly from a seed: mostly 1 to 9 bytes (so lines, CRLF
 * pairs and UTF-8 sequences are split every way), now and then up to 9,000 at once. Optionally the
 * stream breaks ({@code IOException("Connection reset")}) instead of ending. For parser tests that must
 * give the same result whatever the read boundaries, fuzz tests in particular.
 *
 * <pre>{@code
 * assertThat(parse(new RandomReads(body, seed))).isEqualTo(parse(new ByteArrayInputStream(body)));
 * }</pre>
 */
public final class RandomReads extends InputStream {
    private final byte[] bytes;
    private final SplittableRandom random;
    private final boolean breaks;
    private int pos;

    /** Reads of random sizes, then the end of the stream. */
    public RandomReads(byte[] bytes, long seed) {
        this(bytes, seed, false);
    }

    /** @param breaks whether the stream fails with a connection reset where it would have ended */
    public RandomReads(byte[] bytes, long seed, boolean breaks) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.random = new SplittableRandom(seed);
        this.breaks = breaks;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos >= bytes.length) {
            if (breaks) {
                throw new IOException("Connection reset");
            }
            return -1;
        }
        int want = random.nextInt(8) == 0 ? 1 + random.nextInt(9000) : 1 + random.nextInt(9);
        int n = Math.min(Math.min(len, want), bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
    }
}
