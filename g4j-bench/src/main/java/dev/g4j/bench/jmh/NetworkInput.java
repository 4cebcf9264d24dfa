package dev.g4j.bench.jmh;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A body as a socket hands it over: in pieces of network size, each read returning at most what is
 * left of the current piece (so a piece larger than the reader's buffer takes several reads, and a
 * small one ends a read early). Pieces cut through lines and through UTF-8 sequences alike. The piece
 * sizes are drawn once, from a fixed seed; {@link #rewind()} replays the same body without allocating.
 */
final class NetworkInput extends InputStream {
    private final byte[] body;
    private final int[] pieceEnds;
    private int pos;
    private int piece;

    /**
     * @param reads the piece sizes: {@code 4k} (all 4 KiB), {@code 1-16k} (uniform between 1 and 16 KiB),
     *     or plain byte counts ({@code 1500}, {@code 100-1500})
     */
    NetworkInput(byte[] body, String reads) {
        this.body = body;
        this.pieceEnds = pieceEnds(body.length, reads);
    }

    int pieces() {
        return pieceEnds.length;
    }

    int length() {
        return body.length;
    }

    void rewind() {
        pos = 0;
        piece = 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos == body.length) {
            return -1;
        }
        int n = Math.min(len, pieceEnds[piece] - pos);
        System.arraycopy(body, pos, b, off, n);
        pos += n;
        if (pos == pieceEnds[piece]) {
            piece++;
        }
        return n;
    }

    @Override
    public int read() {
        if (pos == body.length) {
            return -1;
        }
        int v = body[pos++] & 0xFF;
        if (pos == pieceEnds[piece]) {
            piece++;
        }
        return v;
    }

    private static int[] pieceEnds(int length, String reads) {
        String spec = reads.strip().toLowerCase(Locale.ROOT);
        int dash = spec.indexOf('-');
        int min = size(dash < 0 ? spec : spec.substring(0, dash) + unit(spec));
        int max = size(dash < 0 ? spec : spec.substring(dash + 1));
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("bad read sizes: " + reads);
        }
        SplittableRandom r = new SplittableRandom(16);
        int[] ends = new int[length / min + 1];
        int n = 0;
        for (int end = 0; end < length; ) {
            end = Math.min(length, end + (min == max ? min : r.nextInt(min, max + 1)));
            ends[n++] = end;
        }
        return Arrays.copyOf(ends, n);
    }

    private static String unit(String spec) {
        return spec.endsWith("k") ? "k" : "";
    }

    private static int size(String s) {
        return s.endsWith("k") ? Integer.parseInt(s.substring(0, s.length() - 1)) * 1024 : Integer.parseInt(s);
    }
}
