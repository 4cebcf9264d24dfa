package dev.g4j.testkit;

import java.util.Objects;
import java.util.Optional;

/**
 * A request a {@link ScenarioServer} could not match: either it differed from the next expected step
 * (method, path or query), or it came after the script was used up. It was answered with status 599.
 *
 * @param expected the step that was due, or empty when the script was used up
 * @param actual the request as received
 * @param reason what did not match, in words
 */
public record Mismatch(Optional<ScenarioExchange> expected, RecordedRequest actual, String reason) {

    /** Validates. */
    public Mismatch {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return actual.requestLine() + ": " + reason;
    }
}
