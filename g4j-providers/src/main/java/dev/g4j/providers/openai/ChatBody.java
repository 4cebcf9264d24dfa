package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatRequest;
import dev.g4j.http.Json;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code POST /chat/completions} (OpenAI API reference; g4f's OpenaiTemplate, reference §9):
 * {@code messages}, {@code model}, {@code temperature}, {@code max_tokens}, {@code top_p}, {@code stop},
 * {@code seed}, {@code stream}, with unset values left out, then the request's extras.
 *
 * <p>Extras: every entry of {@link ChatRequest#extras()} whose value is JSON (a Jackson tree, string,
 * number, boolean, map, collection or array of those) is sent under its own name: {@code tools},
 * {@code tool_choice}, {@code parallel_tool_calls}, {@code response_format}, {@code reasoning_effort},
 * {@code logit_bias}, {@code modalities}, {@code audio}, {@code stream_options}, or anything else the
 * service understands. An extra may fill a field the request leaves unset (a {@code temperature} extra
 * replaces the provider's default) but never replaces a value the request sets, nor {@code messages},
 * {@code model} or {@code stream}. Other values (objects meant for other providers) are skipped.
 * {@code stream_options} is dropped from non-streamed requests, which OpenAI rejects with it.
 */
final class ChatBody {
    private static final Logger LOG = LoggerFactory.getLogger(ChatBody.class);
    private static final Set<String> RESERVED = Set.of("messages", "model", "stream");

    /** A provider's defaults for values the request leaves unset (DeepInfra: 0.7 and 1028). */
    record Defaults(OptionalDouble temperature, OptionalInt maxTokens) {
        static final Defaults NONE = new Defaults(OptionalDouble.empty(), OptionalInt.empty());
    }

    private ChatBody() {}

    static ObjectNode of(ChatRequest request, ArrayNode messages, Defaults defaults) {
        ObjectNode body = Json.object();
        body.set("messages", messages);
        body.put("model", request.model());
        Map<String, Object> extras = request.extras();
        OptionalDouble temperature = request.temperature().isPresent() || extras.containsKey("temperature")
                ? request.temperature() : defaults.temperature();
        temperature.ifPresent(t -> body.put("temperature", t));
        OptionalInt maxTokens = request.maxTokens().isPresent() || extras.containsKey("max_tokens")
                ? request.maxTokens() : defaults.maxTokens();
        maxTokens.ifPresent(m -> body.put("max_tokens", m));
        request.topP().ifPresent(p -> body.put("top_p", p));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        request.seed().ifPresent(s -> body.put("seed", s));
        body.put("stream", request.stream());
        addExtras(body, extras, RESERVED);
        if (!request.stream()) {
            body.remove("stream_options");
        }
        return body;
    }

    /** Adds every JSON-valued extra whose name is neither reserved nor already in the body. */
    static void addExtras(ObjectNode body, Map<String, Object> extras, Set<String> reserved) {
        extras.forEach((name, value) -> {
            if (reserved.contains(name) || body.has(name)) {
                return;
            }
            JsonNode node = toJson(value);
            if (node == null) {
                LOG.debug("extra {} is not a JSON value ({}); not sent", name, value.getClass().getName());
            } else {
                body.set(name, node);
            }
        });
    }

    /** The value as JSON when it is one, else null. */
    static JsonNode toJson(Object value) {
        boolean json = value instanceof JsonNode || value instanceof CharSequence || value instanceof Number
                || value instanceof Boolean || value instanceof Map<?, ?> || value instanceof Collection<?>
                || value.getClass().isArray();
        if (!json) {
            return null;
        }
        try {
            return value instanceof JsonNode n ? n.deepCopy() : Json.MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
