package dev.g4j.testkit;

import java.util.Objects;

/**
 * One step of a scenario: the request the client must send and the response the service gives.
 *
 * @param index the step's position in the scenario, from 0
 * @param request the expected request
 * @param response the scripted response
 */
public record ScenarioExchange(int index, ExpectedRequest request, ScriptedResponse response) {

    /** Validates. */
    public ScenarioExchange {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }

    /** A short label for messages, e.g. {@code #2 POST https://host/path}. */
    public String label() {
        return "#" + index + " " + request.method() + " " + request.url();
    }
}
