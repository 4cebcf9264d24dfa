package dev.g4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.g4j.ErrorKind;
import dev.g4j.MalformedResponseException;
import dev.g4j.testkit.RandomReads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link SseReader} against a direct transcription of the WHATWG event-stream algorithm
 * (§9.2.6), with g4j's documented end-of-stream rule: a partial last line is {@code truncated_stream},
 * an event whose lines all arrived is dispatched. Properties, for any bytes:
 *
 * <ul>
 *   <li>read whole, the events (and whether the stream was truncated) are the reference's, and the only
 *       failure is a {@code truncated_stream} {@link MalformedResponseException};
 *   <li>the same bytes in reads of any sizes give the same outcome as the whole;
 *   <li>a stream that breaks (connection reset) instead of ending gives a prefix of those events, then
 *       {@code truncated_stream}.
 * </ul>
 *
 * Hangs are caught by libFuzzer's per-input timeout. See {@code README.md} ("Fuzzing") for the runs.
 */
class SseReaderFuzzTest {

    /** What a reader made of a stream: the events in order, and whether it ended in {@code truncated_stream}. */
    record Outcome(List<SseEvent> events, boolean truncated) {}

    @FuzzTest
    void readsAnyBytesAsTheSpecSaysWhateverTheReadBoundaries(FuzzedDataProvider data) throws IOException {
        long splits = data.consumeLong();
        boolean breaks = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();

        Outcome whole = read(new ByteArrayInputStream(body));
        assertThat(whole).isEqualTo(reference(body));

        Outcome split = read(new RandomReads(body, splits));
        assertThat(split).as("split into random reads").isEqualTo(whole);

        if (breaks) {
            Outcome broken = read(new RandomReads(body, splits, true));
            assertThat(broken.truncated()).as("a reset is never a clean end").isTrue();
            assertThat(broken.events()).hasSizeLessThanOrEqualTo(whole.events().size());
            assertThat(whole.events().subList(0, broken.events().size())).isEqualTo(broken.events());
        }
    }

    static Outcome read(InputStream in) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(in)) {
            for (SseEvent e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        } catch (MalformedResponseException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED_STREAM);
            return new Outcome(events, true);
        }
        return new Outcome(events, false);
    }

    /**
     * WHATWG "Interpreting an event stream", written for clarity: decode as UTF-8, drop one leading BOM,
     * split into lines at CRLF, LF or CR, and process each line.
     */
    static Outcome reference(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<SseEvent> events = new ArrayList<>();
        StringBuilder dataBuffer = new StringBuilder();
        String eventType = "";
        String lastId = "";
        int start = 0;
        while (start < text.length()) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            if (end == text.length()) {
                return new Outcome(events, true); // a line without its end
            }
            String line = text.substring(start, end);
            start = end + (text.startsWith("\r\n", end) ? 2 : 1);
            if (line.isEmpty()) {
                if (!dataBuffer.isEmpty()) {
                    String d = dataBuffer.substring(0, dataBuffer.length() - 1);
                    events.add(new SseEvent(eventType.isEmpty() ? "message" : eventType, d, lastId));
                }
                dataBuffer.setLength(0);
                eventType = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> dataBuffer.append(value).append('\n');
                case "event" -> eventType = value;
                case "id" -> lastId = value.indexOf('\0') < 0 ? value : lastId;
                default -> { } // retry and unknown fields
            }
        }
        if (!dataBuffer.isEmpty()) { // g4j: an event whose lines all arrived is dispatched at the end
            String d = dataBuffer.substring(0, dataBuffer.length() - 1);
            events.add(new SseEvent(eventType.isEmpty() ? "message" : eventType, d, lastId));
        }
        return new Outcome(events, false);
    }
}
