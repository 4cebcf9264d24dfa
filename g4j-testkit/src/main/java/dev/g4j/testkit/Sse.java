package dev.g4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Server-Sent Events framing (WHATWG HTML, section 9.2) as the simulated services write it. */
final class Sse {

    private Sse() {}

    /** {@code data: <payload>\n\n}: one event with one data line, the way every service here frames it. */
    static byte[] event(String payload) {
        return ("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Splits a raw stream into events at blank lines ({@code \n\n}, {@code \r\n\r\n} or {@code \r\r}),
     * each piece keeping its own terminator, so that the pieces concatenate to exactly the input. A tail
     * without a terminator (a cut-off event) is the last piece.
     */
    static List<byte[]> splitEvents(byte[] stream) {
        List<byte[]> events = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < stream.length) {
            int end = blankLineEnd(stream, i);
            if (end > 0) {
                events.add(Arrays.copyOfRange(stream, start, end));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < stream.length) {
            events.add(Arrays.copyOfRange(stream, start, stream.length));
        }
        return events;
    }

    /** If a line end followed by an empty line starts at {@code i}, the index after it; else -1. */
    private static int blankLineEnd(byte[] s, int i) {
        int first = lineEnd(s, i);
        if (first < 0) {
            return -1;
        }
        int second = lineEnd(s, first);
        return second;
    }

    private static int lineEnd(byte[] s, int i) {
        if (i >= s.length) {
            return -1;
        }
        if (s[i] == '\n') {
            return i + 1;
        }
        if (s[i] == '\r') {
            return i + 1 < s.length && s[i + 1] == '\n' ? i + 2 : i + 1;
        }
        return -1;
    }

    static boolean isEventStream(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }
}
