package dev.g4j.providers.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatRequest;
import dev.g4j.ContentPart;
import dev.g4j.G4j;
import dev.g4j.ImageRequest;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.ModelCatalog;
import dev.g4j.http.Json;
import dev.g4j.testkit.ExpectedRequest;
import dev.g4j.testkit.Scenario;
import dev.g4j.testkit.ScenarioServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays of the deepinfra fixtures. Each request is built from the scenario's first request fixture:
 * chat bodies give the messages, model and stream flag (temperature and max_tokens are left to the
 * provider's defaults, which the fixtures record); image content parts become attachments, so the
 * vision scenario proves they land in the last user message; inference URLs give the image model and
 * their bodies the prompt. The two catalogue scenarios check the parsed lists instead of items.
 */
final class DeepInfraReplay implements ReplaySpec {
    private static final String PROVIDER = "DeepInfra";
    private static final String KEY = "di-fixture-key-0000000000000000";
    private static final String INFERENCE = "/v1/inference/";

    @Override
    public String service() {
        return "deepinfra";
    }

    @Override
    public Map<String, String> environment(URI server) {
        return Map.of("G4J_DEEPINFRA_BASE_URL", server.toString(), "G4J_DEEPINFRA_API_KEY", KEY);
    }

    @Override
    public ChatRequest request(Scenario scenario) {
        ExpectedRequest first = scenario.exchanges().getFirst().request();
        JsonNode body = Json.parse(first.bodyText());
        String path = first.uri().getPath();
        if (path.startsWith(INFERENCE)) {
            JsonNode input = body.has("input") ? body.get("input") : body;
            return ImageRequest.builder(input.path("prompt").asText()).provider(PROVIDER)
                    .model(path.substring(INFERENCE.length())).build().toChatRequest();
        }
        ChatRequest.Builder b = ChatRequest.builder().provider(PROVIDER)
                .model(body.path("model").asText()).stream(body.path("stream").asBoolean());
        for (JsonNode m : body.path("messages")) {
            b.addMessage(message(m, b));
        }
        return b.build();
    }

    /** A fixture message; its images become attachments of the request. */
    private static Message message(JsonNode m, ChatRequest.Builder request) {
        String role = m.path("role").asText();
        JsonNode content = m.path("content");
        if (content.isTextual()) {
            return Message.of(role, content.asText());
        }
        List<ContentPart> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("image_url")) {
                request.addMedia(Media.parse(part.path("image_url").path("url").asText()));
            } else {
                parts.add(ContentPart.text(part.path("text").asText()));
            }
        }
        return Message.of(role, parts);
    }

    /**
     * The catalogue scenarios: the featured list is fetched (the server checks the request) and every
     * model it lists is classified as {@code expected} says: a text model, an image model, or absent.
     */
    @Override
    public boolean custom(Scenario scenario, G4j g4j, ScenarioServer server) {
        if (!scenario.expected().isObject()) {
            return false;
        }
        g4j.models(PROVIDER);
        ModelCatalog catalog = g4j.provider(PROVIDER).models();
        Set<String> text = names(scenario.expected().path("text_models"));
        Set<String> image = names(scenario.expected().path("image_models"));
        JsonNode featured = Json.parse(scenario.exchanges().getFirst().response().bodyText());
        for (JsonNode entry : featured) {
            String name = entry.path("model_name").asText();
            assertThat(catalog.textModels().contains(name)).as("%s is a text model", name).isEqualTo(text.contains(name));
            assertThat(catalog.imageModels().contains(name)).as("%s is an image model", name).isEqualTo(image.contains(name));
        }
        assertThat(catalog.all()).containsAll(text).containsAll(image);
        assertThat(server.differences()).isEmpty();
        return true;
    }

    private static Set<String> names(JsonNode list) {
        Set<String> out = new HashSet<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
