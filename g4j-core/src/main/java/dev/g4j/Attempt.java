package dev.g4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider tried for one request: which provider and model, how long it took, and why it failed
 * (empty when it succeeded).
 */
public record Attempt(String provider, String model, Duration elapsed, Optional<G4jException> error) {
    public Attempt {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(error, "error");
    }

    public boolean succeeded() {
        return error.isEmpty();
    }
}
