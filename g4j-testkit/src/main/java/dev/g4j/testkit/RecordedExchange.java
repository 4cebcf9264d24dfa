package dev.g4j.testkit;

import java.util.Objects;

/**
 * A scenario step the client reached: what the fixture expected and what actually arrived. Compare
 * the two with {@link RequestAssertions}.
 *
 * @param step the scenario step that matched
 * @param actual the request as received
 */
public record RecordedExchange(ScenarioExchange step, RecordedRequest actual) {

    /** Validates. */
    public RecordedExchange {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(actual, "actual");
    }

    /** The expected request of the step. */
    public ExpectedRequest expected() {
        return step.request();
    }
}
