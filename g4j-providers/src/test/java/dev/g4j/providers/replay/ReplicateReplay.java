package dev.g4j.providers.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatRequest;
import dev.g4j.Message;
import dev.g4j.Task;
import dev.g4j.http.Json;
import dev.g4j.testkit.Scenario;
import java.net.URI;
import java.util.Map;

/**
 * Replays of the replicate fixtures: ReplicateHome pointed at the server with {@code base_url}; the
 * request is rebuilt from the recorded create body (its model, and its prompt: the bare prompt of an
 * image model, the formatted conversation of the language model). Polls run with the test's no-op
 * sleeper and the default budget of 30 polls, which the timeout scenario uses up.
 */
final class ReplicateReplay implements ReplaySpec {
    @Override
    public String service() {
        return "replicate";
    }

    @Override
    public Map<String, String> environment(URI server) {
        return Map.of("G4J_REPLICATEHOME_BASE_URL", server.toString());
    }

    @Override
    public ChatRequest request(Scenario scenario) {
        JsonNode create = Json.parse(scenario.exchanges().getFirst().request().bodyText());
        String model = create.path("model").asText();
        String prompt = create.path("input").path("prompt").asText();
        ChatRequest.Builder request = ChatRequest.builder().provider("ReplicateHome").model(model);
        if (model.equals("google-deepmind/gemma-2b-it")) {
            return request.messages(Transcript.messages(prompt)).build();
        }
        return request.task(Task.IMAGE).addMessage(Message.user(prompt)).build();
    }
}
