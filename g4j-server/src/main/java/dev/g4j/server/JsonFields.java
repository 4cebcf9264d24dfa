package dev.g4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Typed access to the fields of a request body, each failure a 400 that names the field as OpenAI does
 * ({@code param}). A JSON {@code null} counts as absent.
 */
final class JsonFields {
    /** Limits against hostile bodies: deep nesting and huge numbers; strings may be large (data URIs). */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(dev.g4j.http.Json.BUFFERS)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxNumberLength(64)
                            .maxStringLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            .build();

    private JsonFields() {}

    static JsonNode parseObject(byte[] body) {
        int bad = malformedUtf8At(body);
        if (bad >= 0) {
            throw ApiException.badRequest("the body is not valid UTF-8 (byte " + bad + ")", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw ApiException.badRequest("the body is not valid JSON: " + withoutEcho(e.getOriginalMessage())
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"), null);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the body could not be read: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object", null);
        }
        return root;
    }

    /**
     * The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong forms,
     * no surrogates), or -1. JSON exchanged between systems must be UTF-8 (RFC 8259, section 8.1), and
     * Jackson's byte parser cannot be trusted with anything else: it looks field names up in a symbol
     * table shared by every body the mapper has read, and pads their last 4-byte group with 0xFF bytes,
     * so a name with 0xFF bytes where the padding goes ("cont", 0xFF, "ent") matches a known name ("content")
     * without being decoded, and is read as it. Found by RequestBodyFuzzTest.
     */
    static int malformedUtf8At(byte[] body) {
        int ascii = 0;
        while (ascii < body.length && body[ascii] >= 0) {
            ascii++;
        }
        if (ascii == body.length) {
            return -1;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input by default
        ByteBuffer in = ByteBuffer.wrap(body, ascii, body.length - ascii);
        CharBuffer out = CharBuffer.allocate(1024);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    /**
     * Jackson's message without the body text it quotes ({@code Unrecognized token 'sk_live_...'}): a key
     * pasted without its quotes would otherwise be echoed into the answer and the server's log.
     * Single characters and the literals Jackson expects stay.
     */
    static String withoutEcho(String message) {
        return QUOTED.matcher(String.valueOf(message)).replaceAll(m -> m.group(1).length() <= 1
                || LITERALS.contains(m.group(1)) ? Matcher.quoteReplacement(m.group()) : "'...'");
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final java.util.Set<String> LITERALS = java.util.Set.of("null", "true", "false", "NaN");

    static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    static Optional<String> string(JsonNode obj, String name, String param) {
        JsonNode n = obj.get(name);
        if (!present(n)) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest("'" + param + "' must be a string", param);
        }
        return Optional.of(n.textValue());
    }

    static boolean bool(JsonNode obj, String name, String param) {
        JsonNode n = obj.get(name);
        if (!present(n)) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ApiException.badRequest("'" + param + "' must be a boolean", param);
        }
        return n.booleanValue();
    }

    static OptionalDouble number(JsonNode obj, String name, double min, double max) {
        JsonNode n = obj.get(name);
        if (!present(n)) {
            return OptionalDouble.empty();
        }
        if (!n.isNumber()) {
            throw ApiException.badRequest("'" + name + "' must be a number", name);
        }
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) {
            throw ApiException.badRequest("'" + name + "' must be between " + fmt(min) + " and " + fmt(max) + ": " + n,
                    name);
        }
        return OptionalDouble.of(v);
    }

    static OptionalLong integer(JsonNode obj, String name, long min, long max) {
        JsonNode n = obj.get(name);
        if (!present(n)) {
            return OptionalLong.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ApiException.badRequest("'" + name + "' must be an integer", name);
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max + ": " + v, name);
        }
        return OptionalLong.of(v);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
