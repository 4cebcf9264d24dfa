package dev.g4j.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics (see the README for names and labels). Meters are looked up once
 * per request, never per chunk. Provider and model labels come from what the server resolved, never
 * straight from client input, and the number of distinct models is capped so a client cannot grow
 * the registry without bound.
 */
final class ServerMetrics {
    static final int MAX_MODEL_LABELS = 256;
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(120)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Set<String> models = ConcurrentHashMap.newKeySet();
    private final Counter disconnects;

    ServerMetrics(Supplier<Number> activeStreams, Supplier<Number> activeCalls) {
        Gauge.builder("g4j_active_streams", activeStreams).description("chat and image calls in flight")
                .register(registry);
        Gauge.builder("g4j_active_upstream_calls", activeCalls)
                .description("provider calls whose producer thread is running").register(registry);
        disconnects = Counter.builder("g4j_client_disconnects").description("clients that left before the answer ended")
                .register(registry);
    }

    void request(String endpoint, int status) {
        String key = endpoint + '\u0000' + status;
        counters.computeIfAbsent("r" + key, k -> Counter.builder("g4j_requests")
                .description("HTTP requests by endpoint and status")
                .tag("endpoint", endpoint).tag("status", Integer.toString(status)).register(registry)).increment();
    }

    void error(String endpoint, String kind) {
        counters.computeIfAbsent("e" + endpoint + '\u0000' + kind, k -> Counter.builder("g4j_errors")
                .description("failed requests by endpoint and error kind")
                .tag("endpoint", endpoint).tag("kind", kind).register(registry)).increment();
    }

    void attempt(String provider, String outcome) {
        counters.computeIfAbsent("a" + provider + '\u0000' + outcome, k -> Counter.builder("g4j_provider_attempts")
                .description("provider attempts by outcome (ok or the error kind)")
                .tag("provider", provider).tag("outcome", outcome).register(registry)).increment();
    }

    void latency(String endpoint, String provider, String model, long nanos) {
        String m = model(model);
        timer("l", "g4j_request_duration", "time from request to the end of the answer", endpoint, provider, m)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void timeToFirstToken(String endpoint, String provider, String model, long nanos) {
        String m = model(model);
        timer("t", "g4j_time_to_first_token", "time from request to the first content", endpoint, provider, m)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void disconnect() {
        disconnects.increment();
    }

    String scrape() {
        return registry.scrape();
    }

    private Timer timer(String prefix, String name, String description, String endpoint, String provider,
            String model) {
        String key = prefix + endpoint + '\u0000' + provider + '\u0000' + model;
        return timers.computeIfAbsent(key, k -> Timer.builder(name).description(description)
                .tag("endpoint", endpoint).tag("provider", provider).tag("model", model)
                .serviceLevelObjectives(BUCKETS).register(registry));
    }

    private String model(String model) {
        if (model.isEmpty()) {
            return "default";
        }
        if (models.contains(model)) {
            return model;
        }
        if (models.size() < MAX_MODEL_LABELS) {
            models.add(model);
            return model;
        }
        return "other";
    }
}
