package dev.g4j.testkit;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Replays one {@link Scenario} on a single loopback server that stands in for every host of the
 * scenario (their paths do not collide), so a client whose base URLs all point at {@link #uri()} talks
 * to the recorded service.
 *
 * <pre>{@code
 * try (ScenarioServer server = ScenarioServer.start(Scenarios.find("janus", "vision_answer"))) {
 *     runClientAgainst(server.uri());
 *     assertThat(server.differences()).isEmpty();   // every step reached, requests as recorded
 * }
 * }</pre>
 *
 * <p>Each request is matched to the next step by method, path and decoded query; the response is the
 * fixture's bytes, with event streams sent one event per chunk and ended as the step's {@code then}
 * says. A request that does not match, or comes after the last step, gets {@code 599} with a
 * plain-text explanation and is listed in {@link #mismatches()}; the script does not advance.
 */
public final class ScenarioServer implements AutoCloseable {

    /** The query parameters treated as client-chosen random tokens unless configured otherwise. */
    public static final Set<String> DEFAULT_WILDCARD_PARAMS = Set.of("session_hash", "upload_id");

    private final Scenario scenario;
    private final Response.Framing streamFraming;
    private final Duration eventDelay;
    private final RequestMatcher matcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    private final List<RecordedExchange> recorded = new ArrayList<>(); // guarded by lock
    private final List<Mismatch> mismatches = new ArrayList<>(); // guarded by lock
    private final LoopbackServer server;

    private ScenarioServer(Builder builder) {
        this.scenario = builder.scenario;
        this.streamFraming = builder.streamFraming;
        this.eventDelay = builder.eventDelay;
        this.matcher = new RequestMatcher(builder.wildcardParams);
        this.server = LoopbackServer.start(this::handle);
    }

    /** Starts replaying with the defaults: chunked streams, no delay, the default wildcard parameters. */
    public static ScenarioServer start(Scenario scenario) {
        return builder(scenario).start();
    }

    /** Options for a replay. */
    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    /** Options for a replay; {@link #start()} creates the server. */
    public static final class Builder {
        private final Scenario scenario;
        private final Set<String> wildcardParams = new LinkedHashSet<>(DEFAULT_WILDCARD_PARAMS);
        private Response.Framing streamFraming = Response.Framing.CHUNKED;
        private Duration eventDelay = Duration.ZERO;

        private Builder(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
        }

        /** Replaces the set of wildcard query parameters (e.g. add {@code expiration} for the JWT call). */
        public Builder wildcardParams(Set<String> names) {
            wildcardParams.clear();
            wildcardParams.addAll(names);
            return this;
        }

        /** Adds one wildcard query parameter. */
        public Builder wildcardParam(String name) {
            wildcardParams.add(name);
            return this;
        }

        /** How event streams are framed: {@code CHUNKED} (default) or {@code CLOSE_DELIMITED}. */
        public Builder streamFraming(Response.Framing framing) {
            this.streamFraming = Objects.requireNonNull(framing);
            return this;
        }

        /** A pause between the events of every event stream, to prove incremental delivery. */
        public Builder eventDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay");
            }
            this.eventDelay = delay;
            return this;
        }

        /** Binds a loopback port and starts replaying. */
        public ScenarioServer start() {
            return new ScenarioServer(this);
        }
    }

    private void handle(RecordedRequest request, Exchange exchange) throws Exception {
        ScenarioExchange step = null;
        Mismatch refusal = null;
        lock.lock();
        try {
            if (recorded.size() >= scenario.exchanges().size()) {
                refusal = new Mismatch(Optional.empty(), request,
                        "request beyond the end of scenario " + scenario.service() + "/" + scenario.id());
            } else {
                step = scenario.exchanges().get(recorded.size());
                Optional<String> reason = matcher.mismatch(step.request(), request);
                if (reason.isPresent()) {
                    refusal = new Mismatch(Optional.of(step), request, "step " + step.label() + ": " + reason.get());
                }
            }
            if (refusal == null) {
                recorded.add(new RecordedExchange(step, request));
            } else {
                mismatches.add(refusal);
            }
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        // I/O happens outside the lock, so a slow client cannot hold up the others
        if (refusal != null) {
            exchange.status(599).header("Content-Type", "text/plain; charset=utf-8")
                    .send("g4j-testkit scenario mismatch: " + refusal + "\n");
            return;
        }
        step.response().toResponse(streamFraming, eventDelay).handle(request, exchange);
    }

    /** {@code http://127.0.0.1:PORT}: the base URL for every host of the scenario. */
    public URI uri() {
        return server.uri();
    }

    /** The port. */
    public int port() {
        return server.port();
    }

    /** The scenario being replayed. */
    public Scenario scenario() {
        return scenario;
    }

    /** The underlying server, for connection accounting and raw requests. */
    public LoopbackServer loopback() {
        return server;
    }

    /** The steps reached so far, each with the request that matched it. */
    public List<RecordedExchange> recorded() {
        lock.lock();
        try {
            return List.copyOf(recorded);
        } finally {
            lock.unlock();
        }
    }

    /** Requests that did not match the next step or came after the last one. */
    public List<Mismatch> mismatches() {
        lock.lock();
        try {
            return List.copyOf(mismatches);
        } finally {
            lock.unlock();
        }
    }

    /** The steps not reached yet. */
    public List<ScenarioExchange> unconsumed() {
        lock.lock();
        try {
            return List.copyOf(scenario.exchanges().subList(recorded.size(), scenario.exchanges().size()));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every step was reached; false on timeout. */
    public boolean awaitConsumed(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (recorded.size() < scenario.exchanges().size()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = progressed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Fixture value → the client's value, for each wildcard query parameter matched so far. */
    public Map<String, String> wildcardBindings() {
        lock.lock();
        try {
            return matcher.bindings();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The default request comparison for this replay: fixture values of wildcard parameters (such as a
     * {@code session_hash} inside a JSON body) are expected to be the client's bound values.
     */
    public RequestAssertions requestAssertions() {
        return RequestAssertions.defaults().withSubstitutions(wildcardBindings());
    }

    /** {@link #differences(RequestAssertions)} with {@link #requestAssertions()}. */
    public List<String> differences() {
        return differences(requestAssertions());
    }

    /**
     * Everything that went wrong, as readable lines: mismatched or extra requests, steps never reached,
     * and the differences between each reached step's expected and actual request. Empty means the
     * client behaved exactly as recorded.
     */
    public List<String> differences(RequestAssertions assertions) {
        List<String> lines = new ArrayList<>();
        for (RecordedExchange exchange : recorded()) {
            for (String difference : assertions.differences(exchange.expected(), exchange.actual())) {
                lines.add("step " + exchange.step().label() + ": " + difference);
            }
        }
        mismatches().forEach(m -> lines.add("mismatch: " + m));
        unconsumed().forEach(step -> lines.add("step " + step.label() + " was never requested"));
        server.failures().forEach(f -> lines.add("server failure: " + f));
        return List.copyOf(lines);
    }

    /** Stops the server and closes every connection. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "ScenarioServer[" + scenario + " at " + uri() + "]";
    }
}
