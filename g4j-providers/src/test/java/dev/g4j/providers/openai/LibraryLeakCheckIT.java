package dev.g4j.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.ErrorKind;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.G4jException;
import dev.g4j.Message;
import dev.g4j.Timeouts;
import dev.g4j.http.Transport;
import dev.g4j.testkit.Fault;
import dev.g4j.testkit.LoopbackServer;
import dev.g4j.testkit.Response;
import dev.g4j.testkit.Router;
import dev.g4j.testkit.ThreadCensus;
import dev.g4j.testkit.UpstreamFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 2,000 faulty and cancelled calls through a real client (the real {@code OpenAICompatible} provider
 * over the real transport), 32 at a time, then: no provider call still running, no exchange left open,
 * no more pooled connections than calls ever ran at once, the upstream seeing the same connections the
 * client holds; and once the client is closed, no thread it started still alive and no connection open.
 * The upstream answers each call by the fault its prompt names, so the mix is exact.
 */
class LibraryLeakCheckIT {
    static final int CALLS = 2_000;
    static final int CONCURRENCY = 32;
    static final Duration IDLE = Duration.ofMillis(300);
    /** How long things may take to settle after the last call: connections closing, threads ending. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    /** One kind of faulty call: what the upstream does, and what the caller does and must see. */
    enum Mode {
        ERROR_500(Fault.status(500, "{\"error\":{\"message\":\"broken\"}}"), Set.of(ErrorKind.HTTP_STATUS)),
        REFUSED(null, Set.of(ErrorKind.CONNECTION_FAILED)),
        CLOUDFLARE(UpstreamFault.CLOUDFLARE_CHALLENGE.fault().orElseThrow(), Set.of(ErrorKind.CLOUDFLARE)),
        // an RST right after the head may also beat the head to the client
        RESET_MID_STREAM(Fault.resetAfterChunks(2), Set.of(ErrorKind.TRUNCATED_STREAM, ErrorKind.CONNECTION_FAILED)),
        CUT_MID_STREAM(Fault.cutAfterChunks(2), Set.of(ErrorKind.TRUNCATED_STREAM)),
        STALL_MID_STREAM(Fault.stallAfterChunks(2), Set.of(ErrorKind.TIMEOUT)),
        TRUNCATED_JSON(UpstreamFault.TRUNCATED_JSON.fault().orElseThrow(), Set.of(ErrorKind.TRUNCATED_STREAM)),
        /** The consumer closes the stream after the first delta of a slow answer. */
        CLOSED_AFTER_FIRST_DELTA(normal -> normal.chunkDelay(Duration.ofMillis(20)), Set.of()),
        /** The consumer closes the stream from another thread while the answer's head is awaited. */
        CLOSED_WHILE_WAITING(Fault.delayHeaders(Duration.ofSeconds(1)), Set.of());

        final Fault fault;
        final Set<ErrorKind> expected;

        Mode(Fault fault, Set<ErrorKind> expected) {
            this.fault = fault;
            this.expected = expected;
        }
    }

    static final Response STREAM = Response.sse(chunks(10));
    static final Response JSON = Response.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{"
            + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"whole\"},\"finish_reason\":\"stop\"}]}");

    static List<String> chunks(int deltas) {
        List<String> out = new ArrayList<>();
        out.add("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
        for (int i = 0; i < deltas; i++) {
            out.add("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"d" + i + " \"}}]}");
        }
        out.add("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        out.add("[DONE]");
        return out;
    }

    /** Answers each chat by the mode its prompt names. */
    static LoopbackServer upstream() {
        return LoopbackServer.start(Router.create()
                .get("/v1/models", Response.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"g4j-sim-model\"}]}"))
                .post("/v1/chat/completions", (request, exchange) -> {
                    Mode mode = Mode.valueOf(request.bodyJson().at("/messages/0/content").asText());
                    boolean stream = request.bodyJson().path("stream").asBoolean();
                    mode.fault.apply(stream ? STREAM : JSON).handle(request, exchange);
                }));
    }

    @Test
    void twoThousandFaultyAndCancelledCallsLeaveNoThreadCallExchangeOrConnectionBehind() throws Exception {
        Set<Thread> before = ThreadCensus.platformThreads();
        try (LoopbackServer upstream = upstream()) {
            String live = upstream.uri("/v1").toString();
            String dead = UpstreamFault.refusedUri().toString();
            G4j g4j = G4j.builder().providers(List.of(new OpenAiCompatible())).config(G4jConfig.builder()
                    .environment(Map.of()).configFile(Optional.empty())
                    .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), IDLE, Duration.ofSeconds(20)))
                    .build()).build();
            Transport transport = g4j.transport();

            Map<Mode, Map<String, Integer>> outcomes = run(g4j, live, dead);

            for (Mode mode : Mode.values()) {
                Set<String> allowed = mode.expected.isEmpty() ? Set.of("closed")
                        : mode.expected.stream().map(ErrorKind::wireName).collect(Collectors.toSet());
                assertThat(outcomes.get(mode).keySet()).as(mode + " ended with").isSubsetOf(allowed);
            }
            assertThat(outcomes.values().stream().mapToInt(m -> m.values().stream().mapToInt(i -> i).sum()).sum())
                    .isEqualTo(CALLS);
            ThreadCensus.await("no provider call running, no exchange open, pool within the concurrency, both ends "
                    + "agreeing on the open connections", SETTLE, () -> g4j.activeCalls() == 0
                    && transport.openExchanges() == 0 && transport.openConnections() <= CONCURRENCY
                    && upstream.openConnections() == transport.openConnections(),
                    () -> "calls " + g4j.activeCalls() + ", exchanges " + transport.openExchanges() + ", connections "
                            + transport.openConnections() + " (upstream sees " + upstream.openConnections() + ")");

            g4j.close();
            ThreadCensus.await("no connection open once the client is closed", SETTLE,
                    () -> upstream.openConnections() == 0,
                    () -> upstream.openConnections() + " still open");
        }
        ThreadCensus.await("no thread of the client still alive once it is closed", SETTLE,
                () -> ThreadCensus.startedSince(before).isEmpty(), () -> ThreadCensus.startedSince(before).toString());
    }

    /** Runs the calls, {@link #CONCURRENCY} at a time; counts how each mode's calls ended. */
    static Map<Mode, Map<String, Integer>> run(G4j g4j, String live, String dead) throws InterruptedException {
        Map<Mode, Map<String, Integer>> outcomes = new EnumMap<>(Mode.class);
        for (Mode m : Mode.values()) {
            outcomes.put(m, new ConcurrentHashMap<>());
        }
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(Thread.ofVirtual().name("leak-check-" + w).start(() -> {
                for (int i = next.getAndIncrement(); i < CALLS; i = next.getAndIncrement()) {
                    Mode mode = Mode.values()[i % Mode.values().length];
                    outcomes.get(mode).merge(call(g4j, mode, mode == Mode.REFUSED ? dead : live), 1, Integer::sum);
                }
            }));
        }
        for (Thread t : workers) {
            assertThat(t.join(Duration.ofSeconds(60))).as("every call returns").isTrue();
        }
        return outcomes;
    }

    /** One call; its failure's kind, or {@code closed} when the caller closed it first. */
    static String call(G4j g4j, Mode mode, String base) {
        ChatRequest request = ChatRequest.builder().provider("OpenAICompatible").model("g4j-sim-model")
                .addMessage(Message.user(mode.name())).stream(mode != Mode.TRUNCATED_JSON)
                .option("base_url", base).build();
        try (ChatStream stream = g4j.chat().stream(request)) {
            if (mode == Mode.CLOSED_WHILE_WAITING) {
                Thread.ofVirtual().start(() -> {
                    sleep(Duration.ofMillis(30));
                    stream.close();
                });
            }
            for (ChatEvent e : stream) {
                if (mode == Mode.CLOSED_AFTER_FIRST_DELTA && e instanceof ChatEvent.TextDelta) {
                    stream.close();
                }
                if (e instanceof ChatEvent.Finished) {
                    return "finished";
                }
            }
            return "closed";
        } catch (G4jException e) {
            return e.kind().wireName();
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
