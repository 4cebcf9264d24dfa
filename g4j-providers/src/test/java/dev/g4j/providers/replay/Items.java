package dev.g4j.providers.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatEvent;
import dev.g4j.G4jException;
import dev.g4j.ToolCall;
import dev.g4j.UpstreamException;
import dev.g4j.http.Json;
import dev.g4j.testkit.Fixtures;
import dev.g4j.testkit.Scenario;
import dev.g4j.testkit.ScenarioExchange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Our events in the fixtures' item vocabulary ({@code fixtures/README.md}), and the comparison with a
 * scenario's {@code expected} list: the normative items (everything but {@code status}) must match one
 * for one and in order; the expected status texts must appear, in order, among ours (we may say more,
 * such as queue positions g4f never showed).
 */
final class Items {
    private Items() {}

    static List<ObjectNode> of(List<ChatEvent> events, G4jException error) {
        List<ObjectNode> out = new ArrayList<>();
        for (ChatEvent e : events) {
            ObjectNode n = Json.object();
            switch (e) {
                case ChatEvent.TextDelta t -> n.put("type", "text").put("text", t.text());
                case ChatEvent.ReasoningDelta r -> n.put("type", "reasoning").put("text", r.text());
                case ChatEvent.Status s -> n.put("type", "status").put("text", s.message());
                case ChatEvent.Progress p -> {
                    continue;
                }
                case ChatEvent.ImageOutput i -> {
                    n.put("type", "image");
                    ArrayNode urls = n.putArray("urls");
                    i.urls().forEach(urls::add);
                    n.put("prompt", i.prompt());
                }
                case ChatEvent.Usage u -> {
                    n.put("type", "usage");
                    n.setAll((ObjectNode) Json.MAPPER.valueToTree(u.fields()));
                }
                case ChatEvent.ToolCalls c -> {
                    n.put("type", "tool_calls");
                    ArrayNode calls = n.putArray("calls");
                    for (ToolCall call : c.calls()) {
                        ObjectNode o = calls.addObject().put("id", call.id()).put("type", call.type());
                        o.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                    }
                }
                case ChatEvent.ConversationState s -> {
                    n.put("type", "session");
                    n.setAll((ObjectNode) Json.parse(s.json()));
                }
                case ChatEvent.Finished f -> n.put("type", "finish").put("reason", f.reason());
            }
            out.add(n);
        }
        if (error != null) {
            ObjectNode n = Json.object().put("type", "error").put("kind", error.kind().wireName())
                    .put("message", error.getMessage());
            error.status().ifPresent(s -> n.put("status", s));
            if (error instanceof UpstreamException u) {
                u.title().ifPresent(t -> n.put("title", t));
                u.rawMessage().ifPresent(r -> n.put("raw_message", r));
            }
            out.add(n);
        }
        return out;
    }

    /** The differences between what a scenario expects and what we produced; empty when they match. */
    static List<String> compare(Scenario scenario, List<JsonNode> expected, List<ObjectNode> actual) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> want = expected.stream().filter(n -> !isStatus(n)).toList();
        List<ObjectNode> got = withoutSynthesizedFinish(want, actual.stream().filter(n -> !isStatus(n)).toList());
        for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
            if (i >= want.size()) {
                problems.add("unexpected item #" + i + ": " + got.get(i));
            } else if (i >= got.size()) {
                problems.add("missing item #" + i + ": " + want.get(i));
            } else {
                String d = itemDifference(scenario, want.get(i), got.get(i));
                if (d != null) {
                    problems.add("item #" + i + ": " + d + "\n    expected " + want.get(i) + "\n    actual   " + got.get(i));
                }
            }
        }
        Iterator<ObjectNode> ours = actual.stream().filter(Items::isStatus).iterator();
        for (JsonNode s : expected.stream().filter(Items::isStatus).toList()) {
            String text = s.path("text").asText();
            boolean found = false;
            while (ours.hasNext() && !found) {
                found = ours.next().path("text").asText().equals(text);
            }
            if (!found) {
                problems.add("status '" + text + "' not emitted (in order); ours: "
                        + actual.stream().filter(Items::isStatus).map(n -> n.path("text").asText()).toList());
                break;
            }
        }
        return problems;
    }

    /**
     * Drops the trailing {@code finish stop} the runtime adds to every successful stream
     * ({@link ChatEvent.Finished}) when the scenario expects no finish item: services that send no finish
     * reason (Replicate, Dynaspark, Gradio) have none in their fixtures. Any other finish is still compared.
     */
    private static List<ObjectNode> withoutSynthesizedFinish(List<JsonNode> want, List<ObjectNode> got) {
        boolean expectsFinish = want.stream().anyMatch(n -> n.path("type").asText().equals("finish"));
        if (expectsFinish || got.isEmpty()) {
            return got;
        }
        ObjectNode last = got.getLast();
        boolean synthesized = last.path("type").asText().equals("finish") && last.path("reason").asText().equals("stop");
        return synthesized ? got.subList(0, got.size() - 1) : got;
    }

    private static boolean isStatus(JsonNode n) {
        return isType(n, "status");
    }

    private static boolean isType(JsonNode n, String type) {
        return n.path("type").asText().equals(type);
    }

    private static String itemDifference(Scenario scenario, JsonNode want, JsonNode got) {
        String type = want.path("type").asText();
        if (!type.equals(got.path("type").asText())) {
            return "type differs";
        }
        return switch (type) {
            case "error" -> errorDifference(want, got);
            case "image" -> imageDifference(scenario, want, got);
            default -> fieldsDifference(want, got);
        };
    }

    private static String fieldsDifference(JsonNode want, JsonNode got) {
        for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!got.has(f.getKey())) {
                return "no field " + f.getKey();
            }
            if (!sameValue(f.getValue(), got.get(f.getKey()))) {
                return "field " + f.getKey() + " differs";
            }
        }
        return null;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String errorDifference(JsonNode want, JsonNode got) {
        if (!want.path("kind").asText().equals(got.path("kind").asText())) {
            return "error kind differs";
        }
        if (want.has("status") && want.get("status").asInt() != got.path("status").asInt(-1)) {
            return "status differs";
        }
        if (want.has("message") && !want.get("message").asText().equals(got.path("message").asText())) {
            return "message differs";
        }
        if (want.has("message_contains") && !got.path("message").asText().contains(want.get("message_contains").asText())) {
            return "message lacks '" + want.get("message_contains").asText() + "'";
        }
        for (String f : List.of("title", "raw_message")) {
            if (want.has(f) && !want.get(f).asText().equals(got.path(f).asText())) {
                return f + " differs";
            }
        }
        return null;
    }

    private static String imageDifference(Scenario scenario, JsonNode want, JsonNode got) {
        if (want.has("prompt") && !want.get("prompt").asText().equals(got.path("prompt").asText())) {
            return "prompt differs";
        }
        if (want.has("urls")) {
            return want.get("urls").equals(got.get("urls")) ? null : "urls differ";
        }
        if (want.has("urls_from")) {
            JsonNode urls = got.path("urls");
            if (want.has("count") && urls.size() != want.get("count").asInt()) {
                return "url count differs";
            }
            String prefix = want.path("url_prefix").asText("");
            for (JsonNode u : urls) {
                if (!u.asText().startsWith(prefix)) {
                    return "url without prefix " + prefix;
                }
            }
            JsonNode source = responseField(scenario, want.get("urls_from").asText());
            if (source != null) {
                List<String> expectedUrls = new ArrayList<>();
                if (source.isArray()) {
                    source.forEach(s -> expectedUrls.add(s.asText()));
                } else {
                    expectedUrls.add(source.asText());
                }
                List<String> actualUrls = new ArrayList<>();
                urls.forEach(u -> actualUrls.add(u.asText()));
                if (!expectedUrls.equals(actualUrls)) {
                    return "urls differ from the response's " + want.get("urls_from").asText();
                }
            }
        }
        return null;
    }

    /** A top-level field of the last JSON response body in the scenario. */
    private static JsonNode responseField(Scenario scenario, String field) {
        for (ScenarioExchange x : scenario.exchanges().reversed()) {
            byte[] body = x.response().body();
            if (body != null && body.length > 0 && x.response().contentType().orElse("").contains("json")) {
                JsonNode node = Json.tryParse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                if (node != null && node.has(field)) {
                    return node.get(field);
                }
            }
        }
        return null;
    }

    /** Loads a fixture file of a service as text (for specs building requests from request fixtures). */
    static String fixture(String service, String path) {
        return Fixtures.text(service + "/" + path);
    }
}
