package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the scenarios of a service from {@code fixtures/<service>/scenarios.json} on the classpath
 * (see {@link Fixtures}). Body files are resolved relative to the service folder, so
 * {@code ../common/bad_gateway_502.html} works, and are read at load time: a missing file fails the
 * load. Unknown request or response fields fail too, so that a new fixture feature is noticed rather
 * than silently ignored.
 *
 * <pre>{@code
 * Scenario scenario = Scenarios.find("janus", "vision_answer");
 * for (Scenario each : Scenarios.load("deepinfra")) { ... }
 * }</pre>
 */
public final class Scenarios {

    private static final List<String> SERVICES = List.of("deepinfra", "janus", "replicate", "dynaspark");
    private static final Set<String> REQUEST_FIELDS =
            Set.of("method", "url", "headers", "body_file", "body_text", "multipart", "multipart_file");
    private static final Set<String> RESPONSE_FIELDS = Set.of("status", "headers", "body_file", "body_text", "then");
    private static final String INLINE = "inline";

    private Scenarios() {}

    /** The services that have fixtures. */
    public static List<String> services() {
        return SERVICES;
    }

    /** Every scenario of a service, in file order. */
    public static List<Scenario> load(String service) {
        JsonNode root = Json.parse(Fixtures.bytes(service + "/scenarios.json"));
        if (!root.isArray()) {
            throw new IllegalArgumentException(service + "/scenarios.json is not a JSON array");
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (JsonNode node : root) {
            scenarios.add(scenario(service, node));
        }
        return List.copyOf(scenarios);
    }

    /** One scenario by id. */
    public static Scenario find(String service, String id) {
        return load(service).stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario '" + id + "' in " + service));
    }

    private static Scenario scenario(String service, JsonNode node) {
        String id = text(node, "id").orElseThrow(() -> new IllegalArgumentException(service + ": scenario without id"));
        try {
            List<ScenarioExchange> exchanges = new ArrayList<>();
            for (JsonNode exchange : node.path("exchanges")) {
                exchanges.add(new ScenarioExchange(exchanges.size(), request(service, exchange.path("request")),
                        response(service, exchange.path("response"))));
            }
            JsonNode expected = node.has("expected") ? node.get("expected") : JsonNodeFactory.instance.nullNode();
            return new Scenario(service, id, exchanges, expected, text(node, "notes").orElse(""), node);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(service + "/" + id + ": " + e.getMessage(), e);
        }
    }

    private static ExpectedRequest request(String service, JsonNode node) {
        checkFields(node, REQUEST_FIELDS, "request");
        List<ExpectedPart> parts = new ArrayList<>();
        for (JsonNode part : node.path("multipart")) {
            parts.add(inlinePart(service, part));
        }
        text(node, "multipart_file").ifPresent(file -> parts.addAll(partsFile(service, file)));
        Optional<String> source = bodySource(service, node);
        byte[] body = body(service, node);
        return new ExpectedRequest(required(node, "method"), required(node, "url"), stringMap(node.path("headers")),
                source, body, parts);
    }

    private static ScriptedResponse response(String service, JsonNode node) {
        checkFields(node, RESPONSE_FIELDS, "response");
        if (!node.path("status").isInt()) {
            throw new IllegalArgumentException("response without an integer status");
        }
        return new ScriptedResponse(node.get("status").asInt(), stringMap(node.path("headers")),
                bodySource(service, node), body(service, node), text(node, "then"));
    }

    /** {@code multipart: [{name, filename, content_type, body_file | body_text}]}. */
    private static ExpectedPart inlinePart(String service, JsonNode part) {
        Optional<String> contentType = text(part, "content_type");
        Map<String, String> headers = new LinkedHashMap<>();
        contentType.ifPresent(type -> headers.put("Content-Type", type));
        return new ExpectedPart(required(part, "name"), text(part, "filename"), contentType, headers,
                body(service, part), bodySource(service, part).orElse(INLINE));
    }

    /**
     * A {@code *.parts.json} file: {@code {"content_type", "parts": [{name, headers, value | value_file}]}},
     * where the file name and content type come from the part headers.
     */
    private static List<ExpectedPart> partsFile(String service, String file) {
        String path = Fixtures.resolve(service, file);
        JsonNode root = Json.parse(Fixtures.bytes(path));
        String folder = path.substring(0, path.lastIndexOf('/'));
        List<ExpectedPart> parts = new ArrayList<>();
        for (JsonNode part : root.path("parts")) {
            Map<String, String> headers = stringMap(part.path("headers"));
            Headers lookup = Headers.of(headers);
            Optional<String> filename = lookup.first("Content-Disposition").flatMap(d -> Forms.parameter(d, "filename"));
            byte[] bytes;
            String source;
            if (part.has("value_file")) {
                source = Fixtures.normalize(folder + "/" + part.get("value_file").asText());
                bytes = Fixtures.bytes(source);
            } else {
                source = path;
                bytes = required(part, "value").getBytes(StandardCharsets.UTF_8);
            }
            parts.add(new ExpectedPart(required(part, "name"), filename, lookup.first("Content-Type"), headers, bytes,
                    source));
        }
        return parts;
    }

    /** A {@code null} body field means no body, as in {@code dynaspark/method_not_allowed}. */
    private static Optional<String> bodySource(String service, JsonNode node) {
        Optional<String> file = text(node, "body_file");
        if (file.isPresent()) {
            return Optional.of(Fixtures.resolve(service, file.get()));
        }
        return text(node, "body_text").isPresent() ? Optional.of(INLINE) : Optional.empty();
    }

    private static byte[] body(String service, JsonNode node) {
        Optional<String> file = text(node, "body_file");
        if (file.isPresent()) {
            return Fixtures.bytes(Fixtures.resolve(service, file.get()));
        }
        return text(node, "body_text").map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    }

    private static void checkFields(JsonNode node, Set<String> known, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " is not an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown " + what + " field '" + name + "'");
            }
        }
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static String required(JsonNode node, String field) {
        return text(node, field).orElseThrow(() -> new IllegalArgumentException("missing field '" + field + "'"));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
