package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.BlockedException;
import dev.g4j.ChatRequest;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.MalformedResponseException;
import dev.g4j.http.Headers;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Json;
import dev.g4j.http.Redaction;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The protocol engine of OpenAI-compatible chat completions (OpenAI API reference; g4f's OpenaiTemplate,
 * reference §9; DeepInfra's variant in protocols.md §1): request headers and body, the answer read as
 * JSON or as an event stream, error mapping. Providers on this protocol are small classes that choose
 * the URLs, headers and defaults and call {@link #chat}.
 *
 * <p>Failures: a non-2xx status goes through the shared {@link HttpErrors} (so an object-shaped 401 is
 * {@code missing_auth}, where g4f reported a generic error, defect §19.28); an error object inside a 2xx
 * answer is {@code response_error}; a 2xx of a content type that is neither JSON nor an event stream is
 * {@code unsupported_content_type} (a bot-wall page, {@code cloudflare}).
 */
final class OpenAiTemplate {
    static final String EVENT_STREAM = "text/event-stream";
    static final String JSON = "application/json";
    private static final int EXCERPT = 160;

    private OpenAiTemplate() {}

    /**
     * {@code Accept} by the kind of answer wanted, {@code Authorization: Bearer} when there is a key, then
     * the provider's own headers. {@code Content-Type} comes with the JSON body.
     */
    static Headers headers(boolean stream, Optional<String> apiKey, Headers extra) {
        Headers h = Headers.of("Accept", stream ? EVENT_STREAM : JSON);
        if (apiKey.isPresent()) {
            h = h.with("Authorization", "Bearer " + apiKey.get());
        }
        return h.withAll(extra);
    }

    /** The body of a chat completion request for this call (messages rendered, media loaded). */
    static ObjectNode chatBody(ChatRequest request, CallContext ctx, ChatBody.Defaults defaults) {
        return ChatBody.of(request, WireMessages.render(request, ctx), defaults);
    }

    /**
     * Posts a chat completion and emits its answer. The reader is chosen by the answer's Content-Type,
     * not by what was asked for (a streaming request may get a JSON error); without a Content-Type the
     * answer is taken to be what was asked for, as g4f does.
     */
    static void chat(String url, Headers headers, ObjectNode body, CallContext ctx, Emitter out) throws IOException {
        boolean stream = body.path("stream").asBoolean(false);
        HttpRequest request = HttpRequest.post(url).headers(headers).json(Json.write(body)).build();
        try (HttpResponse response = ctx.http().send(request)) {
            HttpErrors.check(response, ctx.provider());
            String type = response.mediaType();
            if (type.isEmpty()) {
                type = stream ? EVENT_STREAM : JSON;
            }
            if (type.equals(EVENT_STREAM)) {
                new StreamAnswer(out).read(response.body(), ctx.http().bodyLimit());
            } else if (isJson(type)) {
                JsonAnswer.emit(Json.parse(response.readText(ctx.http().bodyLimit())), out);
            } else {
                throw unsupported(response, ctx.provider());
            }
        }
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals(JSON) || mediaType.endsWith("+json");
    }

    /** The failure for a 2xx answer we cannot read: a bot wall, or an unsupported content type. */
    static G4jException unsupported(HttpResponse response, String provider) {
        String text;
        try {
            text = new String(response.body().readNBytes(HttpErrors.ERROR_BODY_LIMIT), response.charset());
        } catch (IOException | RuntimeException e) {
            text = "";
        }
        if (HttpErrors.isHtml(response.contentType(), text) && HttpErrors.isBotWall(response.headers(), text)) {
            return new BlockedException("HTTP " + response.status() + ": blocked by a bot wall",
                    provider, response.status(), Redaction.excerpt(text, EXCERPT));
        }
        String excerpt = Redaction.excerpt(text, EXCERPT);
        return new MalformedResponseException(ErrorKind.UNSUPPORTED_CONTENT_TYPE, "HTTP " + response.status()
                + " answer of unsupported content type '" + response.contentType().toLowerCase(Locale.ROOT)
                + "' (expected JSON or an event stream)" + (excerpt.isEmpty() ? "" : ": " + excerpt));
    }
}
