package dev.g4j.providers.replay;

import dev.g4j.ChatRequest;
import dev.g4j.G4j;
import dev.g4j.testkit.RequestAssertions;
import dev.g4j.testkit.Scenario;
import dev.g4j.testkit.ScenarioServer;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * How one service's scenarios are replayed: where the provider is pointed, which request produces each
 * scenario's exchanges, and what varies per run. One implementation per service; the replay test runs
 * every scenario of every service through it.
 */
interface ReplaySpec {

    /** The fixture folder: {@code deepinfra}, {@code janus}, {@code replicate}, {@code dynaspark}. */
    String service();

    /** Environment variables ({@code G4J_<PROVIDER>_<OPTION>}) pointing the provider at the server. */
    Map<String, String> environment(URI server);

    /** The request that makes the provider send this scenario's requests. */
    ChatRequest request(Scenario scenario);

    /** The clock the provider sees (Janus puts the time in its JWT request). */
    default Clock clock() {
        return Clock.systemUTC();
    }

    /** Server options for this scenario (extra wildcard params, framing). */
    default ScenarioServer.Builder server(ScenarioServer.Builder builder, Scenario scenario) {
        return builder;
    }

    /** Request checks for this scenario (random JSON values to ignore or pattern-check). */
    default RequestAssertions assertions(RequestAssertions base, Scenario scenario) {
        return base;
    }

    /**
     * Runs a scenario whose {@code expected} is not an item list (a model catalogue, say) with checks of
     * its own; returns false when the scenario is an ordinary item list.
     */
    default boolean custom(Scenario scenario, G4j g4j, ScenarioServer server) {
        return false;
    }
}
