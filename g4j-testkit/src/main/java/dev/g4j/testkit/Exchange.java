package dev.g4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The response side of one request on a {@link LoopbackServer}: status, headers, then either a whole
 * body or a stream, with faults on demand. Not thread-safe: the handler's thread owns it.
 *
 * <p>Framing is the exchange's job: {@link #send(byte[])} and {@link #startStreaming(long)} add
 * {@code Content-Length}, {@link #startChunked()} adds {@code Transfer-Encoding: chunked}, and
 * {@link #startStreaming()} ends the body by closing the connection (HTTP/1.0 style). Handlers must not
 * set those headers themselves. Faults: {@link #cut()} closes without finishing the body,
 * {@link #reset()} aborts with a TCP RST, {@link #stall()} sends nothing more until the client leaves.
 */
public final class Exchange {

    private enum State { OPEN, FIXED, CHUNKED, CLOSE_DELIMITED, DONE }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Connection connection;
    private final RecordedRequest request;
    private final List<Header> headers = new ArrayList<>();
    private boolean keepAlive;
    private int status = 200;
    private String reason = Reasons.phrase(200);
    private State state = State.OPEN;
    private long declaredLength = -1;
    private long written;
    private boolean ended;

    Exchange(Connection connection, RecordedRequest request, boolean keepAlive) {
        this.connection = connection;
        this.request = request;
        this.keepAlive = keepAlive;
    }

    /** The request being answered. */
    public RecordedRequest request() {
        return request;
    }

    /** Sets the status with its standard reason phrase. */
    public Exchange status(int code) {
        return status(code, Reasons.phrase(code));
    }

    /** Sets the status and a reason phrase of your own. */
    public Exchange status(int code, String reasonPhrase) {
        requireOpen();
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status must have three digits: " + code);
        }
        this.status = code;
        this.reason = Objects.requireNonNull(reasonPhrase, "reasonPhrase");
        return this;
    }

    /** Adds a header field, keeping the spelling of its name. {@code Connection: close} is honoured. */
    public Exchange header(String name, String value) {
        requireOpen();
        Header field = new Header(name, value);
        if (field.named("Content-Length") || field.named("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " is set by send()/start*(), not by the handler");
        }
        if (field.named("Connection") && value.toLowerCase(Locale.ROOT).contains("close")) {
            keepAlive = false;
        }
        headers.add(field);
        return this;
    }

    /** Adds every field, in order. */
    public Exchange headers(Headers fields) {
        fields.fields().forEach(h -> header(h.name(), h.value()));
        return this;
    }

    /** Sends the whole body with {@code Content-Length} and ends the exchange. */
    public void send(byte[] body) throws IOException {
        startStreaming(body.length);
        write(body);
        end();
    }

    /** Sends a UTF-8 body with {@code Content-Length} and ends the exchange. */
    public void send(String body) throws IOException {
        send(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the status and headers with an empty body. */
    public void send() throws IOException {
        send(new byte[0]);
    }

    /** Sends the head with {@code Transfer-Encoding: chunked}; each {@link #write} is one chunk. */
    public void startChunked() throws IOException {
        if (request.version().equals("HTTP/1.0")) {
            startStreaming(); // chunked coding does not exist in HTTP/1.0
            return;
        }
        begin(State.CHUNKED, "Transfer-Encoding: chunked\r\n");
    }

    /** Sends the head with {@code Content-Length}; writing fewer bytes and returning cuts the body short. */
    public void startStreaming(long contentLength) throws IOException {
        if (contentLength < 0) {
            throw new IllegalArgumentException("negative content length");
        }
        declaredLength = contentLength;
        begin(State.FIXED, "Content-Length: " + contentLength + "\r\n");
    }

    /** Sends the head with neither length nor chunking: the body ends when the connection closes. */
    public void startStreaming() throws IOException {
        keepAlive = false;
        begin(State.CLOSE_DELIMITED, "");
    }

    private void begin(State streaming, String framing) throws IOException {
        requireOpen();
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        for (Header field : headers) {
            head.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        head.append(framing);
        if (!keepAlive && !headers.stream().anyMatch(h -> h.named("Connection"))) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        state = streaming;
        connection.write(bytes, 0, bytes.length);
    }

    /** Writes body bytes: one chunk in chunked mode (empty writes are skipped). Not flushed. */
    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** Writes part of an array; see {@link #write(byte[])}. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        requireStreaming();
        if (length == 0) {
            return;
        }
        if (state == State.FIXED && written + length > declaredLength) {
            throw new IllegalStateException("writing past the declared Content-Length " + declaredLength);
        }
        if (state == State.CHUNKED) {
            byte[] size = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            connection.write(size, 0, size.length);
            connection.write(bytes, offset, length);
            connection.write(CRLF, 0, 2);
        } else {
            connection.write(bytes, offset, length);
        }
        written += length;
    }

    /** Writes a UTF-8 string; see {@link #write(byte[])}. */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Pushes buffered bytes to the client. */
    public void flush() throws IOException {
        connection.flush();
    }

    /**
     * Flushes, then waits while watching the connection, so a client that hangs up during the pause is
     * noticed at once.
     *
     * @throws ClientGoneException when the client closed or reset the connection meanwhile
     */
    public void pause(Duration duration) throws IOException, InterruptedException {
        if (state != State.OPEN && state != State.DONE) {
            flush();
        }
        if (connection.awaitClientGone(duration)) {
            throw new ClientGoneException("the client closed the connection during a pause", null);
        }
    }

    /**
     * Ends the body properly: the terminating chunk, or a close for a close-delimited body. A
     * {@code Content-Length} body must be complete (use {@link #cut()} to end it short).
     */
    public void end() throws IOException {
        if (ended) {
            return;
        }
        switch (state) {
            case OPEN -> send();
            case FIXED -> {
                if (written < declaredLength) {
                    throw new IllegalStateException(
                            "body has " + written + " of " + declaredLength + " bytes; call cut() to end it short");
                }
                finishEnded();
            }
            case CHUNKED -> {
                connection.write(LAST_CHUNK, 0, LAST_CHUNK.length);
                finishEnded();
            }
            case CLOSE_DELIMITED -> {
                finishEnded();
                connection.close();
            }
            case DONE -> { }
        }
    }

    private void finishEnded() throws IOException {
        ended = true;
        state = State.DONE;
        connection.flush();
    }

    /** Closes the connection now, without finishing the body: a truncated stream or short body. */
    public void cut() {
        ended = true;
        state = State.DONE;
        keepAlive = false;
        connection.close();
    }

    /** Aborts the connection with a TCP RST (SO_LINGER 0, then close), after flushing what was written. */
    public void reset() {
        ended = true;
        state = State.DONE;
        keepAlive = false;
        connection.reset();
    }

    /**
     * Flushes and then sends nothing more, keeping the connection open until the client goes away, which
     * is then counted and reported as {@link ClientGoneException}. Server shutdown ends it with an
     * {@link IOException}.
     */
    public void stall() throws IOException {
        if (state != State.OPEN && state != State.DONE) {
            flush();
        }
        connection.awaitClientGone();
        ended = true;
        state = State.DONE;
        keepAlive = false;
        throw new ClientGoneException("the client closed a stalled connection", null);
    }

    /** Whether the status line has been sent. */
    public boolean committed() {
        return state != State.OPEN;
    }

    /** Body bytes written so far (without chunk framing). */
    public long bytesWritten() {
        return written;
    }

    /** Whether the connection can serve another request after this exchange. */
    boolean reusable() {
        return keepAlive && !connection.isClosed() && !connection.isGone();
    }

    /** Called after the handler returned normally: finish whatever it left open. */
    void complete() throws IOException {
        if (state == State.FIXED && written < declaredLength) {
            cut(); // a short body can only end by closing
            return;
        }
        end();
    }

    /** Called after the handler threw: answer 500 if nothing was sent, else cut. */
    void fail(Throwable error) {
        if (state != State.OPEN) {
            cut();
            return;
        }
        try {
            headers.clear();
            keepAlive = false;
            status(500);
            header("Content-Type", "text/plain; charset=utf-8");
            send("handler failed: " + error + "\n");
        } catch (IOException ignored) {
            // the client is gone too
        }
        connection.close();
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the response head was already sent");
        }
    }

    private void requireStreaming() {
        if (state == State.OPEN) {
            throw new IllegalStateException("call send(), startChunked() or startStreaming() first");
        }
        if (state == State.DONE) {
            throw new IllegalStateException("the response is finished");
        }
    }
}
