package dev.g4j.providers.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.G4j;
import dev.g4j.G4jException;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.http.Json;
import dev.g4j.providers.gradio.DeepseekAiJanusPro7b;
import dev.g4j.testkit.ExpectedRequest;
import dev.g4j.testkit.Fixtures;
import dev.g4j.testkit.RequestAssertions;
import dev.g4j.testkit.Scenario;
import dev.g4j.testkit.ScenarioExchange;
import dev.g4j.testkit.ScenarioServer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays of the janus fixtures (Hugging Face Space deepseek-ai/Janus-Pro-7B, Gradio queue protocol).
 *
 * <p>Each request is rebuilt from the scenario's own join body (prompt, seed, whether an image goes
 * along). The session hash is pinned through the conversation state: a scenario that starts with the
 * Space page passes only {@code session_hash} (the provider then reads the page and emits the completed
 * state), one that starts later in the protocol continues a full session (hash, token and uuid, no
 * page). Cookies come from the fixture's {@code Cookie} header; the clock is the recorded time, so the
 * JWT request's expiration matches. URLs of the real Space in expected requests stand for the replay
 * server's.
 */
final class JanusReplay implements ReplaySpec {
    private static final String PROVIDER = DeepseekAiJanusPro7b.NAME;
    private static final String SPACE = "https://deepseek-ai-janus-pro-7b.hf.space";
    private static final String UUID = "Vb3kQp9XrT2mZ8sLw4NfA";
    private static final String NO_TOKEN = "[object Object]";
    /** Recorded time: the fixtures' JWT expiration is 2025-06-12T01:10:00.000+00:00, now + 10 minutes. */
    private static final Instant RECORDED = Instant.parse("2025-06-12T01:00:00Z");

    /** The server of the scenario being replayed (the replay test runs one scenario at a time). */
    private volatile URI server = URI.create("http://127.0.0.1");

    @Override
    public String service() {
        return "janus";
    }

    @Override
    public Map<String, String> environment(URI server) {
        this.server = server;
        return Map.of("G4J_DEEPSEEKAI_JANUSPRO7B_SPACE_URL", server.toString(),
                "G4J_DEEPSEEKAI_JANUSPRO7B_HUB_URL", server.toString());
    }

    @Override
    public Clock clock() {
        return Clock.fixed(RECORDED, ZoneOffset.UTC);
    }

    @Override
    public ChatRequest request(Scenario scenario) {
        ChatRequest.Builder b = ChatRequest.builder().provider(PROVIDER);
        Optional<JsonNode> join = joinBody(scenario);
        JsonNode data = join.map(j -> j.get("data")).orElse(null);
        if (join.isPresent() && join.get().path("fn_index").asInt() == 3) {
            b.model(DeepseekAiJanusPro7b.IMAGE_MODEL).addMessage(Message.user(data.get(0).asText()))
                    .seed(data.get(1).asLong());
        } else if (join.isPresent()) {
            b.model(DeepseekAiJanusPro7b.TEXT_MODEL).messages(messages(data.get(1).asText())).seed(data.get(2).asLong());
            if (!data.get(0).isNull()) {
                b.addMedia(kitten());
            }
        } else if (has(scenario, "/gradio_api/upload")) {
            b.model(DeepseekAiJanusPro7b.TEXT_MODEL).addMessage(Message.user("What is in this picture?")).addMedia(kitten());
        } else {
            b.model(DeepseekAiJanusPro7b.IMAGE_MODEL).addMessage(Message.user("A watercolor fox sleeping in a snowy forest"));
        }
        // a scenario that never shows its session hash (edge_blocked_cloudfront) runs as a fresh session
        sessionHash(scenario).ifPresent(h -> b.conversation(new ChatEvent.ConversationState(PROVIDER, state(scenario, h))));
        first(scenario).header("Cookie").ifPresent(c -> b.option(DeepseekAiJanusPro7b.COOKIES, c));
        return b.build();
    }

    @Override
    public RequestAssertions assertions(RequestAssertions base, Scenario scenario) {
        Map<String, String> local = new LinkedHashMap<>();
        for (ScenarioExchange x : scenario.exchanges()) {
            ExpectedRequest r = x.request();
            r.header("Referer").ifPresent(v -> local.put(v, v.replace(SPACE, server.toString())));
            if (r.bodySource().orElse("").endsWith(".json") || r.bodySource().orElse("").equals("inline")) {
                collectSpaceUrls(Json.tryParse(r.bodyText()), local);
            }
        }
        return base.withSubstitutions(local);
    }

    /**
     * jwt_rejected: a session continued with expired cookies. The refused JWT call must not cost the
     * token the session had: the join carries it (checked against the fixture), the session is not
     * re-emitted (it did not change), and the call goes on to its images.
     */
    @Override
    public boolean custom(Scenario scenario, G4j g4j, ScenarioServer server) {
        if (!scenario.id().equals("jwt_rejected")) {
            return false;
        }
        List<ChatEvent> events = new ArrayList<>();
        try (ChatStream stream = g4j.chat().stream(request(scenario))) {
            stream.forEach(events::add);
        } catch (G4jException e) {
            throw new AssertionError("jwt_rejected failed: " + e.describe() + "; events " + events, e);
        }
        List<String> problems = new ArrayList<>(server.differences(assertions(server.requestAssertions(), scenario)));
        if (events.stream().anyMatch(e -> e instanceof ChatEvent.ConversationState)) {
            problems.add("the session was re-emitted although the refused JWT call changed nothing: " + events);
        }
        if (events.stream().noneMatch(e -> e instanceof ChatEvent.ImageOutput i && i.urls().size() == 5)) {
            problems.add("the call did not continue to its five images: " + events);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("janus/jwt_rejected:\n" + String.join("\n", problems));
        }
        return true;
    }

    /** The conversation state the scenario implies: only the hash before the page, the full session after. */
    private static String state(Scenario scenario, String sessionHash) {
        ObjectNode state = Json.object().put("session_hash", sessionHash);
        if (!first(scenario).path().startsWith("/spaces/")) {
            String token = scenario.exchanges().stream().map(x -> x.request().header("x-zerogpu-token"))
                    .flatMap(Optional::stream).findFirst().orElse(NO_TOKEN);
            state.put("zerogpu_token", token).put("zerogpu_uuid", UUID);
        }
        return Json.write(state);
    }

    private static Optional<String> sessionHash(Scenario scenario) {
        for (ScenarioExchange x : scenario.exchanges()) {
            for (String param : List.of("session_hash", "upload_id")) {
                List<String> v = x.request().queryParams().getOrDefault(param, List.of());
                if (!v.isEmpty()) {
                    return Optional.of(v.getFirst());
                }
            }
        }
        return joinBody(scenario).map(j -> j.path("session_hash").asText());
    }

    private static Optional<JsonNode> joinBody(Scenario scenario) {
        return scenario.exchanges().stream().map(ScenarioExchange::request)
                .filter(r -> r.path().endsWith("/queue/join")).findFirst().map(r -> Json.parse(r.bodyText()));
    }

    /** {@code format_prompt} text back into messages: {@code Role: text} lines, the final {@code Assistant:} dropped. */
    private static List<Message> messages(String prompt) {
        List<Message> out = new ArrayList<>();
        if (!prompt.contains("\nAssistant:")) {
            return List.of(Message.user(prompt));
        }
        for (String line : prompt.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                out.add(Message.of(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT), line.substring(colon + 2)));
            }
        }
        return out;
    }

    private void collectSpaceUrls(JsonNode node, Map<String, String> into) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && node.asText().startsWith(SPACE + "/")) {
            into.put(node.asText(), server + node.asText().substring(SPACE.length()));
        }
        node.forEach(child -> collectSpaceUrls(child, into));
    }

    private static Media kitten() {
        return Media.of(Fixtures.bytes("janus/kitten.png"), "kitten.png");
    }

    private static ExpectedRequest first(Scenario scenario) {
        return scenario.exchanges().getFirst().request();
    }

    private static boolean has(Scenario scenario, String path) {
        return scenario.exchanges().stream().anyMatch(x -> x.request().path().equals(path));
    }
}
