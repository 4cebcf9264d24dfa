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

class SseReaderTest {

    private static List<SseEvent> read(String body) throws IOException {
        return read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<SseEvent> read(InputStream in) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        try (SseReader r = new SseReader(in)) {
            for (SseEvent e; (e = r.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> data(String body) throws IOException {
        return read(body).stream().map(SseEvent::data).toList();
    }

    /** Delivers the bytes a few at a time, to split lines and UTF-8 sequences across reads. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, step), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @Test
    void readsEventsSeparatedByBlankLinesWithLfCrAndCrlf() throws IOException {
        assertThat(data("data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\n\n")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void acceptsDataWithAndWithoutTheSpaceAndKeepsFurtherSpaces() throws IOException {
        assertThat(data("data:x\n\ndata: y\n\ndata:  z\n\n")).containsExactly("x", "y", " z");
    }

    @Test
    void joinsMultiLineDataWithNewlines() throws IOException {
        assertThat(data("data: {\"a\":\ndata: 1}\n\n")).containsExactly("{\"a\":\n1}");
    }

    @Test
    void ignoresCommentsRetryAndUnknownFields() throws IOException {
        assertThat(data(": keep-alive\nretry: 1000\nfoo: bar\ndata: x\n\n:another\n\n")).containsExactly("x");
    }

    @Test
    void tracksEventTypeAndLastId() throws IOException {
        List<SseEvent> events = read("event: complete\nid: 7\ndata: [1]\n\ndata: plain\n\n");
        assertThat(events).containsExactly(new SseEvent("complete", "[1]", "7"), new SseEvent("message", "plain", "7"));
    }

    @Test
    void doesNotDispatchAnEventWithoutData() throws IOException {
        assertThat(read("event: ping\n\ndata: x\n\n")).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void recognisesTheDoneMarker() throws IOException {
        List<SseEvent> events = read("data: {}\n\ndata: [DONE]\n\n");
        assertThat(events.get(1).isDone()).isTrue();
        assertThat(events.get(0).isDone()).isFalse();
    }

    @Test
    void decodesUtf8SequencesSplitAcrossReads() throws IOException {
        String body = "data: Привет, 世界 🌍\n\ndata: ünïcödé\r\n\r\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int step = 1; step <= 7; step++) {
            assertThat(read(trickle(bytes, step)).stream().map(SseEvent::data))
                    .as("step %d", step)
                    .containsExactly("Привет, 世界 🌍", "ünïcödé");
        }
    }

    @Test
    void handlesCrlfSplitBetweenReads() throws IOException {
        byte[] bytes = "data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(read(trickle(bytes, 1)).stream().map(SseEvent::data)).containsExactly("a", "b");
    }

    @Test
    void reportsAStreamCutInsideALineAsTruncated() {
        assertThatThrownBy(() -> read("data: {\"a\":1}\n\ndata: {\"choices\":[{\"del"))
                .isInstanceOf(MalformedResponseException.class)
                .satisfies(e -> assertThat(((MalformedResponseException) e).kind()).isEqualTo(ErrorKind.TRUNCATED_STREAM));
    }

    @Test
    void namesABrokenConnectionInWordsNotByTheTransportsInternalState() {
        InputStream cut = new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream("data: {\"a\":1}\n\n".getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        // what Jetty's early EOF says: its endpoint's toString
                        throw new java.io.EOFException("HttpConnectionOverHTTP@49b44707::SocketChannelEndPoint@2916da5{ISHUT}");
                    }
                });
        assertThatThrownBy(() -> read(cut))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("event stream cut: the connection closed before the answer ended")
                .hasMessageNotContaining("@");
    }

    @Test
    void dispatchesAWholeEventWhoseBlankLineNeverCame() throws IOException {
        assertThat(data("data: a\n\ndata: last\n")).containsExactly("a", "last");
    }

    @Test
    void endsCleanlyOnAnEmptyBody() throws IOException {
        assertThat(read("")).isEmpty();
    }

    @Test
    void skipsALeadingByteOrderMark() throws IOException {
        assertThat(data("\uFEFFdata: x\n\n")).containsExactly("x");
    }

    @Test
    void skipsAByteOrderMarkSplitAcrossReads() throws IOException {
        // found by SseReaderFuzzTest (crash-1fa96cd9...): a BOM whose bytes came in separate reads stayed in the line
        byte[] bytes = "\uFEFFdata: x\n\n".getBytes(StandardCharsets.UTF_8);
        for (int step = 1; step <= 3; step++) {
            assertThat(read(trickle(bytes, step))).as("step %d", step).containsExactly(new SseEvent("message", "x", ""));
        }
        assertThat(read(trickle(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, 1))).isEmpty();
    }

    @Test
    void readsLinesLongerThanTheBuffer() throws IOException {
        String big = "x".repeat(100_000);
        assertThat(data("data: " + big + "\n\n")).containsExactly(big);
    }

    @Test
    void keepsEmptyDataLines() throws IOException {
        assertThat(data("data\n\ndata:\ndata:\n\n")).containsExactly("", "\n");
    }
}
