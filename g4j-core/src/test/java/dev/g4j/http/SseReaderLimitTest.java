package dev.g4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.ErrorKind;
import dev.g4j.MalformedResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's event size limit: an upstream that never ends its event cannot exhaust memory. */
class SseReaderLimitTest {

    /** {@code prefix}, then {@code filler} repeated forever; counts what was read. */
    private static final class Endless extends InputStream {
        private final byte[] prefix;
        private final byte[] filler;
        long served;

        Endless(String prefix, String filler) {
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
            this.filler = filler.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte b = served < prefix.length ? prefix[(int) served] : filler[(int) ((served - prefix.length) % filler.length)];
            served++;
            return b & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }

    private static List<String> data(String body, long limit) throws IOException {
        List<String> out = new ArrayList<>();
        try (SseReader r = new SseReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), limit)) {
            for (SseEvent e; (e = r.next()) != null; ) {
                out.add(e.data());
            }
        }
        return out;
    }

    @Test
    void refusesALineThatNeverEndsAfterReadingLittleMoreThanTheLimit() {
        Endless upstream = new Endless("data: {\"a\":1}\n\ndata: ", "x");
        SseReader reader = new SseReader(upstream, 64 * 1024);

        assertThatThrownBy(() -> {
            while (reader.next() != null) {
                // the first event is fine; the second never ends
            }
        }).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE))
                .hasMessage("an event of the stream is larger than 65536 bytes");
        assertThat(upstream.served).isLessThan(64 * 1024 + 2 * 8192);
    }

    @Test
    void refusesAnEventWhoseManyShortDataLinesTogetherPassTheLimit() {
        Endless upstream = new Endless("", "data: 0123456789\n");
        SseReader reader = new SseReader(upstream, 64 * 1024);

        assertThatThrownBy(reader::next).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE));
        assertThat(upstream.served).isLessThan(2 * 64 * 1024);
    }

    @Test
    void countsTheWholeLineAgainstTheLimit() throws IOException {
        String fits = "data: " + "x".repeat(94) + "\n\n"; // a line of exactly 100 bytes
        assertThat(data(fits, 100)).containsExactly("x".repeat(94));
        assertThatThrownBy(() -> data("data: " + "x".repeat(95) + "\n\n", 100))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void theLimitIsPerEventNotPerStream() throws IOException {
        String event = "data: " + "y".repeat(80) + "\n\n";
        assertThat(data(event.repeat(50), 100)).hasSize(50);
        String twoLines = "data: " + "z".repeat(40) + "\ndata: " + "z".repeat(40) + "\n\n";
        assertThat(data(twoLines.repeat(50), 100)).hasSize(50).allMatch(d -> d.length() == 81);
    }

    @Test
    void aReaderWithoutAnExplicitLimitStopsAtTheDefaultOne() {
        SseReader reader = new SseReader(new Endless("data: ", "x"));

        assertThatThrownBy(reader::next).isInstanceOf(MalformedResponseException.class)
                .hasMessage("an event of the stream is larger than " + Http.DEFAULT_BODY_LIMIT + " bytes");
        assertThatThrownBy(() -> new SseReader(InputStream.nullInputStream(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
