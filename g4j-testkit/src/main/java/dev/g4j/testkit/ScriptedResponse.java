package dev.g4j.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A response a scenario scripts, byte for byte.
 *
 * @param status the status code
 * @param headers the headers to send, in order, spelled as in the fixture
 * @param bodySource the fixture file of the body, {@code inline} for {@code body_text}, or empty
 * @param body the body bytes (a copy is returned by the accessor)
 * @param then how the connection ends, as the fixture words it, when that matters
 */
public record ScriptedResponse(
        int status, Map<String, String> headers, Optional<String> bodySource, byte[] body, Optional<String> then) {

    /** How the connection ends after the body. */
    public enum Ending {
        /** A properly finished body; the connection may be reused. */
        NORMAL,
        /** The server closes the connection: no terminating chunk for a chunked stream. */
        CLOSE,
        /** The server aborts with a TCP RST after writing the body. */
        RESET
    }

    /** Validates, copies and checks that {@code then} is a wording this class understands. */
    public ScriptedResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(bodySource, "bodySource");
        body = body.clone();
        Objects.requireNonNull(then, "then");
        then.ifPresent(ScriptedResponse::endingOf);
    }

    /** A copy of the body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The ending that {@code then} describes. */
    public Ending ending() {
        return then.map(ScriptedResponse::endingOf).orElse(Ending.NORMAL);
    }

    /** The Content-Type header, if listed. */
    public Optional<String> contentType() {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst();
    }

    /** Whether the body is a {@code text/event-stream}, which is streamed rather than sent whole. */
    public boolean isEventStream() {
        return contentType().map(Sse::isEventStream).orElse(false);
    }

    /**
     * The response to serve: chunked event streams, one event per chunk, {@code Content-Length}
     * otherwise, ending as {@code then} says.
     */
    public Response toResponse() {
        return toResponse(Response.Framing.CHUNKED, Duration.ZERO);
    }

    /**
     * The response to serve.
     *
     * @param streamFraming how an event stream is framed ({@code CONTENT_LENGTH} is allowed but unusual)
     * @param eventDelay a pause between the events of an event stream, to prove incremental delivery
     */
    public Response toResponse(Response.Framing streamFraming, Duration eventDelay) {
        Response response = Response.of(status);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            response = response.header(header.getKey(), header.getValue());
        }
        if (isEventStream()) {
            response = response.chunks(Sse.splitEvents(body)).framing(streamFraming).chunkDelay(eventDelay);
        } else {
            response = response.body(body);
        }
        return switch (ending()) {
            case NORMAL -> response;
            case CLOSE -> response.thenCut();
            case RESET -> response.thenReset();
        };
    }

    /**
     * Maps the fixture wordings ("close connection", "close connection mid-event", "connection reset
     * after the event (server raised after writing it)"). An unknown wording fails loudly, so a new
     * fixture cannot be replayed wrongly.
     */
    static Ending endingOf(String then) {
        String lower = then.toLowerCase(Locale.ROOT);
        if (lower.contains("reset")) {
            return Ending.RESET;
        }
        if (lower.contains("close")) {
            return Ending.CLOSE;
        }
        throw new IllegalArgumentException("unknown connection ending in fixture: '" + then + "'");
    }

    @Override
    public String toString() {
        return "ScriptedResponse[" + status + ", " + headers + ", " + body.length + " body bytes"
                + bodySource.map(s -> " from " + s).orElse("") + then.map(t -> ", then " + t).orElse("") + "]";
    }
}
