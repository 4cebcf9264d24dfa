package dev.g4j.providers.replay;

import dev.g4j.ChatRequest;
import dev.g4j.testkit.Scenario;
import java.net.URI;
import java.util.Map;

/** STUB: replays of the deepinfra fixtures. */
final class DeepInfraReplay implements ReplaySpec {
    @Override
    public String service() {
        return "deepinfra";
    }

    @Override
    public Map<String, String> environment(URI server) {
        return Map.of();
    }

    @Override
    public ChatRequest request(Scenario scenario) {
        throw new UnsupportedOperationException("not written yet");
    }
}
