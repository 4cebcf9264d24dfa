package dev.g4j.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.MalformedResponseException;
import java.util.Map;

/**
 * The shared, immutable JSON mapper and small helpers for reading service answers leniently: a
 * missing field is an empty node, never a crash.
 */
public final class Json {
    /**
     * Jackson's default recycles parser buffers per thread, which on virtual threads (one per call)
     * means new buffers for every call; a shared bounded pool recycles them across calls.
     */
    public static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.sharedBoundedPool();

    /** Configured once; Jackson mappers are thread-safe once configured. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().recyclerPool(BUFFERS).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    /** Parses JSON text; malformed text is a {@code invalid_response} failure. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException(dev.g4j.ErrorKind.INVALID_RESPONSE,
                    "malformed JSON: " + Redaction.excerpt(e.getOriginalMessage(), 120), e);
        }
    }

    public static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new MalformedResponseException(dev.g4j.ErrorKind.INVALID_RESPONSE,
                    "malformed JSON: " + Redaction.excerpt(e.getMessage(), 120), e);
        }
    }

    /** Parses JSON, or returns null when the text is not JSON (for lenient probes). */
    public static JsonNode tryParse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A JSON value as plain Java: maps, lists, strings, numbers, booleans, null. */
    public static Object toJava(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(JsonNode node) {
        return node != null && node.isObject() ? MAPPER.convertValue(node, Map.class) : Map.of();
    }

    /** The text of a node when it is a non-null scalar, else empty string. */
    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isContainerNode() ? "" : node.asText();
    }
}
