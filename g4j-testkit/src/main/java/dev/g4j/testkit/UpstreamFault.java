package dev.g4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The upstream faults of the fault matrix, one constant per row, so that the library's, the command
 * line's and the server's tables name the same faults. Each is a {@link Fault} for
 * {@link OpenAiSimulator#failNextChat}, except {@link #CONNECTION_REFUSED}: an address nobody listens on
 * ({@link #refusedUri()}).
 *
 * <p>Mid-stream faults strike after the first two events of the normal streamed answer: the role chunk
 * and the first content delta, so a client has shown exactly the first delta when the fault hits.
 *
 * <pre>{@code
 * api.failNextChat(UpstreamFault.RESET_MID_STREAM.fault().orElseThrow());
 * }</pre>
 */
public enum UpstreamFault {
    /** Nothing listens on the port. */
    CONNECTION_REFUSED(true, null),
    /** Two events, then a TCP RST (after a pause, so the two events are surely read first). */
    RESET_MID_STREAM(true, normal -> Response.sseRaw(firstEvents(normal, 2) + ": the connection resets now\n\n")
            .chunkDelay(Duration.ofMillis(150)).thenReset()),
    /** Two events, then silence on an open connection until the client leaves. */
    STALL_MID_STREAM(true, Fault.stallAfterChunks(2)),
    /** 429 with {@code Retry-After: 7} and OpenAI's error body. */
    RATE_LIMITED_429(true, Fault.respond(Response.json(429,
            "{\"error\":{\"message\":\"Model busy, retry later\",\"type\":\"rate_limit\"}}").header("Retry-After", "7"))),
    /** 500 with a JSON error body. */
    SERVER_ERROR_500(true, Fault.status(500, "{\"error\":{\"message\":\"internal trouble\"}}")),
    /** nginx's 502 page. */
    BAD_GATEWAY_502_HTML(true, Fault.page(502, "common/bad_gateway_502.html")),
    /** nginx's 504 page. */
    GATEWAY_TIMEOUT_504_HTML(true, Fault.page(504, "common/gateway_timeout_504.html")),
    /** Cloudflare's managed challenge: 403, {@code cf-mitigated: challenge}, "Just a moment...". */
    CLOUDFLARE_CHALLENGE(true, Fault.page(403, "common/cloudflare_challenge_403.html")),
    /** A {@code data:} line of broken JSON between the first delta and the rest of the stream. */
    MALFORMED_SSE_LINE(true, normal -> {
        String all = new String(normal.body(), StandardCharsets.UTF_8);
        String head = firstEvents(normal, 2);
        return Response.sseRaw(head + "data: {\"choices\":[{\"delta\":{\"content\":\"lost\n\n"
                + all.substring(head.length()));
    }),
    /** A non-streamed JSON answer cut at half its Content-Length. */
    TRUNCATED_JSON(false, normal -> normal.cutAt(normal.body().length / 2)),
    /** A non-streamed JSON answer of {@link #OVERSIZED_BYTES}. */
    OVERSIZED_JSON(false, Fault.respond(Response.json(200, "{\"id\":\"chatcmpl-big\",\"object\":\"chat.completion\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + filler() + "\"},"
            + "\"finish_reason\":\"stop\"}]}"))),
    /** Two events, then one event of {@link #OVERSIZED_BYTES}. */
    OVERSIZED_EVENT(true, normal -> Response.sseRaw(firstEvents(normal, 2)
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + filler() + "\"}}]}\n\n"));

    /** The size of the oversized answers: 1 MiB, far beyond a client limit of 64 KiB. */
    public static final int OVERSIZED_BYTES = 1 << 20;

    private final boolean streamed;
    private final Fault fault;

    UpstreamFault(boolean streamed, Fault fault) {
        this.streamed = streamed;
        this.fault = fault;
    }

    /** Whether the row asks for a streamed answer (the JSON faults need a non-streamed one). */
    public boolean streamed() {
        return streamed;
    }

    /** The fault to inject; empty for {@link #CONNECTION_REFUSED}. */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }

    /** A loopback base URL (with {@code /v1}) whose port nobody listens on: it was bound, then freed. */
    public static URI refusedUri() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/v1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code count} events of a normal streamed answer, as sent. */
    static String firstEvents(Response normal, int count) {
        String all = new String(normal.body(), StandardCharsets.UTF_8);
        int end = 0;
        for (int i = 0; i < count; i++) {
            end = all.indexOf("\n\n", end) + 2;
            if (end < 2) {
                throw new IllegalArgumentException("the answer has fewer than " + count + " events");
            }
        }
        return all.substring(0, end);
    }

    private static String filler() {
        return "x".repeat(OVERSIZED_BYTES);
    }
}
