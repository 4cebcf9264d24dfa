package dev.g4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scripted answer: status, headers, body, how the body is framed, and how the connection ends.
 * Immutable; every option returns a copy, so one value can be shared by many requests and threads.
 * It is a {@link Handler}, so it can be served as is or routed with a {@link Router}.
 *
 * <pre>{@code
 * Response.json(200, "{\"ok\":true}")
 * Response.html(502, Fixtures.text("common/bad_gateway_502.html"))
 * Response.sse(List.of("{\"a\":1}", "[DONE]")).chunkDelay(Duration.ofMillis(50)).cutAfterChunks(1)
 * Response.of(200).header("Content-Type", "text/plain").body("hi").delayHeaders(Duration.ofSeconds(1))
 * }</pre>
 *
 * <p>Endings: by default the body is finished properly. {@link #thenCut()} closes the connection after
 * the body without finishing it (a chunked body gets no terminating chunk; a close-delimited body just
 * ends; a {@code Content-Length} body is complete, so only the close is visible). {@link #cutAt(long)}
 * stops after that many body bytes. {@link #thenReset()} and {@link #resetAt(long)} abort with a TCP
 * RST instead, and {@link #stallAt(long)} keeps the connection open sending nothing until the client
 * leaves.
 */
public final class Response implements Handler {

    /** How the end of the body is marked on the wire. */
    public enum Framing {
        /** {@code Content-Length}. */
        CONTENT_LENGTH,
        /** {@code Transfer-Encoding: chunked}, one HTTP chunk per body chunk. */
        CHUNKED,
        /** No length: the body ends when the server closes the connection (HTTP/1.0 style). */
        CLOSE_DELIMITED
    }

    private enum Ending { COMPLETE, CUT, RESET, STALL }

    private static final long AFTER_BODY = -1;

    private final int status;
    private final String reason;
    private final Headers headers;
    private final List<byte[]> chunks;
    private final Framing framing;
    private final Duration headerDelay;
    private final Duration chunkDelay;
    private final Ending ending;
    private final long endOffset;
    private final boolean beforeHead;

    private Response(int status, String reason, Headers headers, List<byte[]> chunks, Framing framing,
            Duration headerDelay, Duration chunkDelay, Ending ending, long endOffset, boolean beforeHead) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.chunks = chunks;
        this.framing = framing;
        this.headerDelay = headerDelay;
        this.chunkDelay = chunkDelay;
        this.ending = ending;
        this.endOffset = endOffset;
        this.beforeHead = beforeHead;
    }

    /** A response with this status, no headers and an empty body. */
    public static Response of(int status) {
        return new Response(status, Reasons.phrase(status), Headers.empty(), List.of(), Framing.CONTENT_LENGTH,
                Duration.ZERO, Duration.ZERO, Ending.COMPLETE, AFTER_BODY, false);
    }

    /** {@code Content-Type: application/json} with the text as the body, byte for byte. */
    public static Response json(int status, String json) {
        return of(status).header("Content-Type", "application/json").body(json);
    }

    /** {@code Content-Type: text/plain; charset=utf-8}. */
    public static Response text(int status, String text) {
        return of(status).header("Content-Type", "text/plain; charset=utf-8").body(text);
    }

    /** {@code Content-Type: text/html; charset=utf-8}. */
    public static Response html(int status, String html) {
        return of(status).header("Content-Type", "text/html; charset=utf-8").body(html);
    }

    /**
     * A 200 {@code text/event-stream}, chunked, with each payload framed as {@code data: <payload>\n\n}
     * and sent as its own chunk.
     */
    public static Response sse(List<String> payloads) {
        List<byte[]> events = new ArrayList<>(payloads.size());
        payloads.forEach(p -> events.add(Sse.event(p)));
        return sseHead().chunks(events);
    }

    /** A 200 {@code text/event-stream} with a raw body, sent one event per chunk. */
    public static Response sseRaw(String body) {
        return sseRaw(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A 200 {@code text/event-stream} with raw bytes, split at blank lines into one chunk per event. */
    public static Response sseRaw(byte[] body) {
        return sseHead().chunks(Sse.splitEvents(body));
    }

    private static Response sseHead() {
        return of(200).header("Content-Type", "text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-cache").framing(Framing.CHUNKED);
    }

    /** Closes the connection without sending any response. */
    public static Response closeWithoutResponse() {
        return of(200).with(Ending.CUT, AFTER_BODY, true);
    }

    /** Resets the connection (TCP RST) without sending any response. */
    public static Response resetWithoutResponse() {
        return of(200).with(Ending.RESET, AFTER_BODY, true);
    }

    /** A copy with another status (and its standard reason phrase). */
    public Response status(int code) {
        return new Response(code, Reasons.phrase(code), headers, chunks, framing, headerDelay, chunkDelay, ending,
                endOffset, beforeHead);
    }

    /** A copy with a reason phrase of your own. */
    public Response reason(String phrase) {
        return new Response(status, Objects.requireNonNull(phrase), headers, chunks, framing, headerDelay, chunkDelay,
                ending, endOffset, beforeHead);
    }

    /** A copy with one more header (framing headers are not allowed: see {@link #framing(Framing)}). */
    public Response header(String name, String value) {
        return withHeaders(headers.plus(name, value));
    }

    /** A copy with these headers instead of the current ones. */
    public Response withHeaders(Headers replacement) {
        for (Header field : replacement.fields()) {
            if (field.named("Content-Length") || field.named("Transfer-Encoding")) {
                throw new IllegalArgumentException(field.name() + " is derived from framing(), not set as a header");
            }
        }
        return new Response(status, reason, replacement, chunks, framing, headerDelay, chunkDelay, ending, endOffset,
                beforeHead);
    }

    /** A copy with this UTF-8 body as one chunk. */
    public Response body(String body) {
        return body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy with this body as one chunk. */
    public Response body(byte[] body) {
        return chunks(body.length == 0 ? List.of() : List.of(body));
    }

    /** A copy whose body is these pieces; each is written (and flushed) separately. */
    public Response chunks(List<byte[]> pieces) {
        List<byte[]> copy = new ArrayList<>(pieces.size());
        pieces.forEach(p -> copy.add(p.clone()));
        return new Response(status, reason, headers, List.copyOf(copy), framing, headerDelay, chunkDelay, ending,
                endOffset, beforeHead);
    }

    /** A copy with another framing. */
    public Response framing(Framing newFraming) {
        return new Response(status, reason, headers, chunks, Objects.requireNonNull(newFraming), headerDelay,
                chunkDelay, ending, endOffset, beforeHead);
    }

    /** A copy that waits this long before sending the status line. */
    public Response delayHeaders(Duration delay) {
        return new Response(status, reason, headers, chunks, framing, nonNegative(delay), chunkDelay, ending,
                endOffset, beforeHead);
    }

    /** A copy that waits this long between chunks (between SSE events). */
    public Response chunkDelay(Duration delay) {
        return new Response(status, reason, headers, chunks, framing, headerDelay, nonNegative(delay), ending,
                endOffset, beforeHead);
    }

    /** Closes the connection after the body without finishing it (see the class comment). */
    public Response thenCut() {
        return with(Ending.CUT, AFTER_BODY, false);
    }

    /** Closes the connection after {@code byteOffset} body bytes. */
    public Response cutAt(long byteOffset) {
        return with(Ending.CUT, requireOffset(byteOffset), false);
    }

    /** Closes the connection after the first {@code count} chunks. */
    public Response cutAfterChunks(int count) {
        return cutAt(offsetOfChunks(count));
    }

    /** Resets the connection (TCP RST) after the body. */
    public Response thenReset() {
        return with(Ending.RESET, AFTER_BODY, false);
    }

    /** Resets the connection after {@code byteOffset} body bytes. */
    public Response resetAt(long byteOffset) {
        return with(Ending.RESET, requireOffset(byteOffset), false);
    }

    /** Resets the connection after the first {@code count} chunks. */
    public Response resetAfterChunks(int count) {
        return resetAt(offsetOfChunks(count));
    }

    /** Sends the head, then nothing until the client goes away. */
    public Response stallAfterHeaders() {
        return stallAt(0);
    }

    /** Sends {@code byteOffset} body bytes, then nothing until the client goes away. */
    public Response stallAt(long byteOffset) {
        return with(Ending.STALL, requireOffset(byteOffset), false);
    }

    /** Sends the first {@code count} chunks, then nothing until the client goes away. */
    public Response stallAfterChunks(int count) {
        return stallAt(offsetOfChunks(count));
    }

    private Response with(Ending newEnding, long offset, boolean noHead) {
        return new Response(status, reason, headers, chunks, framing, headerDelay, chunkDelay, newEnding, offset,
                noHead);
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The headers, without framing headers (those are added when sent). */
    public Headers headers() {
        return headers;
    }

    /** The whole body: the chunks concatenated. */
    public byte[] body() {
        byte[] all = new byte[(int) bodyLength()];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    /** The number of body chunks. */
    public int chunkCount() {
        return chunks.size();
    }

    /** The framing. */
    public Framing framing() {
        return framing;
    }

    private long bodyLength() {
        long total = 0;
        for (byte[] chunk : chunks) {
            total += chunk.length;
        }
        return total;
    }

    private long offsetOfChunks(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative chunk count");
        }
        long offset = 0;
        for (int i = 0; i < Math.min(count, chunks.size()); i++) {
            offset += chunks.get(i).length;
        }
        return offset;
    }

    private static long requireOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative byte offset");
        }
        return offset;
    }

    private static Duration nonNegative(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
        return delay;
    }

    /** Serves this response. */
    @Override
    public void handle(RecordedRequest request, Exchange exchange) throws IOException, InterruptedException {
        if (!headerDelay.isZero()) {
            exchange.pause(headerDelay);
        }
        if (beforeHead) {
            finish(exchange);
            return;
        }
        exchange.status(status, reason).headers(headers);
        long total = bodyLength();
        switch (framing) {
            case CONTENT_LENGTH -> exchange.startStreaming(total);
            case CHUNKED -> exchange.startChunked();
            case CLOSE_DELIMITED -> exchange.startStreaming();
        }
        long limit = endOffset == AFTER_BODY ? total : Math.min(endOffset, total);
        writeBody(exchange, limit);
        finish(exchange);
    }

    private void writeBody(Exchange exchange, long limit) throws IOException, InterruptedException {
        long sent = 0;
        boolean flushEach = chunks.size() > 1;
        for (int i = 0; i < chunks.size() && sent < limit; i++) {
            if (i > 0 && !chunkDelay.isZero()) {
                exchange.pause(chunkDelay);
            }
            byte[] chunk = chunks.get(i);
            int length = (int) Math.min(chunk.length, limit - sent);
            exchange.write(chunk, 0, length);
            sent += length;
            if (flushEach) {
                exchange.flush();
            }
        }
        exchange.flush();
    }

    private void finish(Exchange exchange) throws IOException {
        switch (ending) {
            case COMPLETE -> exchange.end();
            case CUT -> exchange.cut();
            case RESET -> exchange.reset();
            case STALL -> exchange.stall();
        }
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + headers + ", " + bodyLength() + " bytes in " + chunks.size()
                + " chunks, " + framing + (ending == Ending.COMPLETE ? "" : ", then " + ending) + "]";
    }
}
