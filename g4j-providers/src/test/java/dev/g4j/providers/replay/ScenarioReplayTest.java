package dev.g4j.providers.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatStream;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.G4jException;
import dev.g4j.testkit.Scenario;
import dev.g4j.testkit.ScenarioServer;
import dev.g4j.testkit.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every scenario of every service's {@code scenarios.json} against a loopback server that
 * speaks the recorded bytes, through the real providers (found by ServiceLoader): checks the requests
 * we send and the items we produce, for the happy and the failure paths alike.
 *
 * <p>{@code -Dreplay.service=janus} (and {@code -Dreplay.scenario=vision_answer}) narrow the run.
 */
class ScenarioReplayTest {
    private static final List<ReplaySpec> SPECS =
            List.of(new DeepInfraReplay(), new JanusReplay(), new ReplicateReplay(), new DynasparkReplay());

    @TestFactory
    Stream<DynamicNode> everyScenarioOfEveryService() {
        String onlyService = System.getProperty("replay.service", "");
        String onlyScenario = System.getProperty("replay.scenario", "");
        return SPECS.stream()
                .filter(s -> onlyService.isEmpty() || s.service().equals(onlyService))
                .map(spec -> DynamicContainer.dynamicContainer(spec.service(), Scenarios.load(spec.service()).stream()
                        .filter(s -> onlyScenario.isEmpty() || s.id().equals(onlyScenario))
                        .map(s -> DynamicTest.dynamicTest(s.id(), () -> replay(spec, s)))));
    }

    private static void replay(ReplaySpec spec, Scenario scenario) throws Exception {
        try (ScenarioServer server = spec.server(ScenarioServer.builder(scenario), scenario).start();
                G4j g4j = G4j.builder()
                        .config(G4jConfig.builder()
                                .environment(spec.environment(server.uri()))
                                .configFile(Optional.empty())
                                .build())
                        .clock(spec.clock())
                        .sleeper(d -> {})
                        .random(new Random(42))
                        .build()) {
            if (spec.custom(scenario, g4j, server)) {
                return;
            }
            List<ChatEvent> events = new ArrayList<>();
            G4jException error = null;
            try (ChatStream stream = g4j.chat().stream(spec.request(scenario))) {
                stream.forEach(events::add);
            } catch (G4jException e) {
                error = e;
            }
            List<String> problems = new ArrayList<>(Items.compare(scenario, expected(scenario), Items.of(events, error)));
            problems.addAll(server.differences(spec.assertions(server.requestAssertions(), scenario)));
            assertThat(problems)
                    .as("%s/%s\nevents: %s\nerror: %s", spec.service(), scenario.id(), events, error)
                    .isEmpty();
        }
    }

    private static List<JsonNode> expected(Scenario scenario) {
        Optional<String> same = scenario.sameAs();
        if (same.isPresent()) {
            return Scenarios.find(scenario.service(), same.get()).expectedItems();
        }
        return scenario.expectedItems();
    }
}
