package dev.g4j.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault a simulator injects into one answer: a function from the answer it would have sent to the
 * one it sends instead. The factories cover the usual cases; a lambda can do anything a
 * {@link Response} can express.
 *
 * <pre>{@code
 * simulator.failNext(Fault.status(429, "{\"error\":{\"message\":\"Model busy, retry later\"}}"));
 * simulator.failNext(Fault.page(502, "common/bad_gateway_502.html"));
 * simulator.failNext(Fault.cutAfterChunks(3));           // truncated stream
 * simulator.failNext(normal -> normal.chunkDelay(Duration.ofSeconds(1)));
 * }</pre>
 */
@FunctionalInterface
public interface Fault {

    /**
     * The answer to send instead of {@code normal}.
     *
     * @param normal what the simulator would have answered
     */
    Response apply(Response normal);

    /** Answers with this response instead. */
    static Fault respond(Response replacement) {
        Objects.requireNonNull(replacement, "replacement");
        return normal -> replacement;
    }

    /** Answers with this status and JSON body. */
    static Fault status(int status, String json) {
        return respond(Response.json(status, json));
    }

    /**
     * Answers with an HTML page from the fixtures, e.g. {@code page(502, "common/bad_gateway_502.html")}.
     * The Cloudflare challenge page gets the {@code cf-mitigated: challenge} and {@code Server: cloudflare}
     * headers that real challenges carry.
     */
    static Fault page(int status, String fixturePath) {
        Response page = Response.of(status).header("Content-Type", "text/html; charset=UTF-8")
                .body(Fixtures.bytes(fixturePath));
        if (fixturePath.endsWith("cloudflare_challenge_403.html")) {
            page = page.header("cf-mitigated", "challenge").header("Server", "cloudflare");
        } else if (fixturePath.endsWith("cloudflare_520.html")) {
            page = page.header("Server", "cloudflare");
        }
        return respond(page);
    }

    /** Waits before sending the normal answer's head. */
    static Fault delayHeaders(Duration delay) {
        return normal -> normal.delayHeaders(delay);
    }

    /** Sends the normal answer with this pause between its chunks (SSE events). */
    static Fault slowChunks(Duration delay) {
        return normal -> normal.chunkDelay(delay);
    }

    /** Sends the first {@code count} chunks (SSE events) of the normal answer, then closes. */
    static Fault cutAfterChunks(int count) {
        return normal -> normal.cutAfterChunks(count);
    }

    /** Sends the first {@code bytes} body bytes of the normal answer, then closes. */
    static Fault cutAt(long bytes) {
        return normal -> normal.cutAt(bytes);
    }

    /** Sends the first {@code count} chunks of the normal answer, then resets (TCP RST). */
    static Fault resetAfterChunks(int count) {
        return normal -> normal.resetAfterChunks(count);
    }

    /** Sends the first {@code count} chunks of the normal answer, then stalls until the client leaves. */
    static Fault stallAfterChunks(int count) {
        return normal -> normal.stallAfterChunks(count);
    }

    /** Closes the connection without answering. */
    static Fault closeWithoutResponse() {
        return respond(Response.closeWithoutResponse());
    }

    /** Resets the connection without answering. */
    static Fault resetWithoutResponse() {
        return respond(Response.resetWithoutResponse());
    }
}
