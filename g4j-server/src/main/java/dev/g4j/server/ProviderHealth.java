package dev.g4j.server;

import dev.g4j.Attempt;
import dev.g4j.G4jException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last outcome of a real call to each provider, as {@code GET /v1/providers} reports it. Fed by
 * every request's attempts; calls the client cancelled say nothing about the provider and are skipped.
 */
final class ProviderHealth {
    /** One provider's last outcome. */
    record Outcome(boolean ok, Instant at, long latencyMillis, String model, String kind, String message) {}

    private final Map<String, Outcome> last = new ConcurrentHashMap<>();
    private final Clock clock;

    ProviderHealth(Clock clock) {
        this.clock = clock;
    }

    void record(List<Attempt> attempts) {
        Instant now = clock.instant();
        for (Attempt a : attempts) {
            Optional<G4jException> e = a.error();
            if (e.isPresent() && e.get().kind() == dev.g4j.ErrorKind.CANCELLED) {
                continue;
            }
            last.put(a.provider(), new Outcome(e.isEmpty(), now, a.elapsed().toMillis(), a.model(),
                    e.map(x -> x.kind().wireName()).orElse(null), e.map(G4jException::getMessage).orElse(null)));
        }
    }

    Optional<Outcome> last(String provider) {
        return Optional.ofNullable(last.get(provider));
    }
}
