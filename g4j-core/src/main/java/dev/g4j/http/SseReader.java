package dev.g4j.http;

import dev.g4j.MalformedResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events from a byte stream by the WHATWG rules ("Server-sent events", §9.2.6
 * "Interpreting an event stream"): lines end with LF, CR or CRLF; a blank line dispatches the event;
 * {@code data:} with or without one following space; several data lines joined with LF; {@code :}
 * comments ignored; {@code event:} and {@code id:} tracked; {@code retry:} and unknown fields ignored;
 * a leading BOM skipped.
 *
 * <p>Lines are split on bytes, so a UTF-8 sequence split across reads is decoded whole. No regex, no
 * copy of the whole body: one reusable line buffer.
 *
 * <p>At the end of the stream: a partial line (bytes with no line end) is a {@code truncated_stream}
 * failure, never a clean end; so is a read that fails because the connection broke (a timeout stays a
 * timeout). An event whose lines all arrived but whose blank line did not is still
 * dispatched (its data is whole); whether the stream ended before its protocol's terminal event is the
 * protocol's call.
 *
 * <p>An event (any one line, or the data lines of one event together) larger than the reader's limit is
 * an {@code invalid_response} failure: an upstream that never ends its line must not exhaust memory.
 */
public final class SseReader implements AutoCloseable {
    /** One network read's worth (the transport reads 4 KiB at a time): held by every open stream. */
    private static final int READ_SIZE = 4096;
    /** The default largest event: as large as a body read whole ({@link Http#DEFAULT_BODY_LIMIT}). */
    public static final long DEFAULT_EVENT_LIMIT = Http.DEFAULT_BODY_LIMIT;

    private final InputStream in;
    private final long maxEventBytes;
    /** Bytes of data in the event being read. */
    private long eventBytes;
    private final byte[] buf = new byte[READ_SIZE];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skippedBom;
    private boolean lastWasCr;

    private byte[] line = new byte[256];
    private int lineLength;

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType = "";
    private String lastId = "";
    private boolean pendingFields;

    public SseReader(InputStream in) {
        this(in, DEFAULT_EVENT_LIMIT);
    }

    /** A reader that refuses events larger than {@code maxEventBytes} (see the class comment). */
    public SseReader(InputStream in, long maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
        }
        this.in = in;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * The next event, or null at a clean end of stream.
     *
     * @throws MalformedResponseException of kind {@code truncated_stream} when the stream ends inside a line,
     *     of kind {@code invalid_response} when an event is larger than the limit
     * @throws IOException when reading fails
     */
    public SseEvent next() throws IOException {
        while (true) {
            if (!readLine()) {
                if (lineLength > 0) {
                    lineLength = 0;
                    throw MalformedResponseException.truncated("event stream ended in the middle of a line");
                }
                if (hasData) {
                    return dispatch();
                }
                return null;
            }
            if (lineLength == 0) {
                if (hasData) {
                    return dispatch();
                }
                eventType = "";
                pendingFields = false;
                continue;
            }
            processLine();
        }
    }

    /** Whether an event has started (some field was read) but not been dispatched. */
    public boolean inEvent() {
        return pendingFields || hasData || lineLength > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private SseEvent dispatch() {
        SseEvent e = new SseEvent(eventType.isEmpty() ? "message" : eventType, data.toString(), lastId);
        data.setLength(0);
        eventBytes = 0;
        hasData = false;
        eventType = "";
        pendingFields = false;
        return e;
    }

    private void processLine() {
        pendingFields = true;
        if (line[0] == ':') {
            return;
        }
        int colon = -1;
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        int nameEnd = colon < 0 ? lineLength : colon;
        int valueStart = colon < 0 ? lineLength : colon + 1;
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        if (is("data", nameEnd)) {
            eventBytes += lineLength - valueStart + (hasData ? 1 : 0);
            if (eventBytes > maxEventBytes) {
                throw tooLarge();
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8));
            hasData = true;
        } else if (is("event", nameEnd)) {
            eventType = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
        } else if (is("id", nameEnd)) {
            String id = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
            if (id.indexOf('\0') < 0) {
                lastId = id;
            }
        }
        // "retry" and unknown fields are ignored
    }

    private boolean is(String name, int nameEnd) {
        if (nameEnd != name.length()) {
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if (line[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reads one line into {@code line}; false at end of stream (a partial line stays in the buffer). */
    private boolean readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    return false;
                }
            }
            if (lastWasCr) {
                lastWasCr = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit) {
                byte b = buf[pos];
                if (b == '\n' || b == '\r') {
                    append(start, pos);
                    pos++;
                    lastWasCr = b == '\r';
                    return true;
                }
                pos++;
            }
            append(start, pos);
        }
    }

    private boolean fill() throws IOException {
        int n = read(0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        if (!skippedBom) {
            // a BOM may arrive split across reads: gather three bytes before deciding (no event is shorter)
            while (limit < 3 && (n = read(limit)) >= 0) {
                limit += n;
            }
            eof = n < 0;
            skippedBom = limit > 0;
            if (limit >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                pos = 3;
            }
        }
        return true;
    }

    /** One read into {@code buf} from {@code off}: the count (0 allowed), or -1 at the end of the stream. */
    private int read(int off) throws IOException {
        int n;
        try {
            n = in.read(buf, off, buf.length - off);
        } catch (java.io.InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            if (isTimeout(e)) {
                throw e;
            }
            // the connection broke (early EOF, reset) before the stream ended: the stream is cut short
            throw new MalformedResponseException(dev.g4j.ErrorKind.TRUNCATED_STREAM,
                    "event stream cut: " + Redaction.ioCause(e), e);
        }
        return n < 0 ? -1 : n;
    }

    private MalformedResponseException tooLarge() {
        lineLength = 0;
        return MalformedResponseException.invalid("an event of the stream is larger than " + maxEventBytes + " bytes");
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.util.concurrent.TimeoutException || c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        if ((long) lineLength + n > maxEventBytes) {
            throw tooLarge();
        }
        if (lineLength + n > line.length) {
            long grown = Math.min(Math.max(line.length * 2L, lineLength + n), maxEventBytes);
            line = Arrays.copyOf(line, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
        System.arraycopy(buf, from, line, lineLength, n);
        lineLength += n;
    }
}
