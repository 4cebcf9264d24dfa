package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One recorded-style exchange sequence from a service's {@code scenarios.json}, with what a correct
 * client must produce from it.
 *
 * @param service the service folder, e.g. {@code janus}
 * @param id the scenario id, e.g. {@code vision_answer}
 * @param exchanges the HTTP exchanges, in order
 * @param expected what the client must produce: usually an array of items ({@code {"type":"text",...}}),
 *     sometimes an object describing the result, or a text such as {@code "same as chat_stream_basic"}
 * @param notes the fixture's notes, or {@code ""}
 * @param raw the scenario's JSON as stored, for the fields not modelled here ({@code timing},
 *     {@code concatenated_text}, {@code file_demonstrates})
 */
public record Scenario(
        String service, String id, List<ScenarioExchange> exchanges, JsonNode expected, String notes, JsonNode raw) {

    /** Validates and copies. */
    public Scenario {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(id, "id");
        exchanges = List.copyOf(exchanges);
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(raw, "raw");
    }

    /** The expected items when {@code expected} is an array; otherwise empty. */
    public List<JsonNode> expectedItems() {
        List<JsonNode> items = new ArrayList<>();
        if (expected.isArray()) {
            expected.forEach(items::add);
        }
        return List.copyOf(items);
    }

    /** The id of another scenario whose expectation applies, when {@code expected} says "same as X". */
    public Optional<String> sameAs() {
        if (expected.isTextual() && expected.asText().startsWith("same as ")) {
            return Optional.of(expected.asText().substring("same as ".length()).trim());
        }
        return Optional.empty();
    }

    /** Every host the scenario talks to, in order of first use. */
    public Set<String> hosts() {
        Set<String> hosts = new LinkedHashSet<>();
        exchanges.forEach(e -> hosts.add(e.request().host()));
        return hosts;
    }

    /** A top-level field not modelled by this record, e.g. {@code timing}. */
    public Optional<String> field(String name) {
        JsonNode node = raw.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.isTextual() ? node.asText() : node.toString());
    }

    @Override
    public String toString() {
        return "Scenario[" + service + "/" + id + ", " + exchanges.size() + " exchanges]";
    }
}
