package dev.g4j.providers.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.ErrorKind;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.G4jException;
import dev.g4j.G4jTimeoutException;
import dev.g4j.ImageRequest;
import dev.g4j.ImagesResult;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.RateLimitedException;
import dev.g4j.Task;
import dev.g4j.UpstreamException;
import dev.g4j.testkit.Fault;
import dev.g4j.testkit.Fixtures;
import dev.g4j.testkit.PollState;
import dev.g4j.testkit.PredictionScript;
import dev.g4j.testkit.RecordedRequest;
import dev.g4j.testkit.ReplicateSimulator;
import dev.g4j.testkit.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ReplicateHome through a real client against the loopback Replicate simulator; no test sleeps for real. */
class ReplicateHomeIT {
    private static final String URL = "https://replicate.delivery/g4j/out-0.webp";
    private static final List<String> TOKENS = List.of("Soft", " rain", " on", " the", " roof", "\n", "Gray", " clouds");

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private ReplicateSimulator replicate;

    @BeforeEach
    void start() {
        replicate = ReplicateSimulator.builder().defaultScript(PredictionScript.image(URL)).start();
    }

    @AfterEach
    void stop() {
        assertThat(replicate.loopback().failures()).isEmpty();
        replicate.close();
    }

    private G4j client(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("G4J_REPLICATEHOME_BASE_URL", replicate.uri().toString());
        return G4j.builder()
                .providers(List.of(new ReplicateHome()))
                .config(G4jConfig.builder().environment(all).configFile(Optional.empty()).build())
                .sleeper(d -> {
                    sleeps.add(d);
                })
                .build();
    }

    private List<ChatEvent> run(ChatRequest request) {
        return run(request, Map.of());
    }

    private List<ChatEvent> run(ChatRequest request, Map<String, String> env) {
        List<ChatEvent> events = new ArrayList<>();
        try (G4j g4j = client(env); ChatStream stream = g4j.chat().stream(request)) {
            stream.forEach(events::add);
        }
        return events;
    }

    private static ChatRequest image(String model, String prompt) {
        return ChatRequest.builder().provider("ReplicateHome").model(model).task(Task.IMAGE)
                .addMessage(Message.user(prompt)).build();
    }

    private static List<String> texts(List<ChatEvent> events) {
        return events.stream().filter(e -> e instanceof ChatEvent.TextDelta).map(e -> ((ChatEvent.TextDelta) e).text())
                .toList();
    }

    private int polls() {
        return replicate.pollCount(replicate.predictionIds().getFirst());
    }

    @Test
    void anImageRunPollsAtOnceThenEveryIntervalUntilItSucceeds() {
        List<ChatEvent> events = run(image("", "a red bicycle"));

        assertThat(events).filteredOn(e -> e instanceof ChatEvent.ImageOutput)
                .containsExactly(new ChatEvent.ImageOutput(List.of(URL), "a red bicycle"));
        assertThat(events).filteredOn(e -> e instanceof ChatEvent.Progress).containsExactly(
                new ChatEvent.Progress("poll", 1, 30), new ChatEvent.Progress("poll", 2, 30),
                new ChatEvent.Progress("poll", 3, 30));
        assertThat(events).filteredOn(e -> e instanceof ChatEvent.Status)
                .containsExactly(new ChatEvent.Status("starting (poll 1/30)"), new ChatEvent.Status("processing (poll 2/30)"));
        assertThat(events.getLast()).isEqualTo(new ChatEvent.Finished("stop"));
        assertThat(polls()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));

        List<RecordedRequest> requests = replicate.requests();
        JsonNode create = requests.getFirst().bodyJson();
        assertThat(create.get("model").asText()).isEqualTo("stability-ai/stable-diffusion-3");
        assertThat(create.get("version").asText()).isEqualTo("527d2a6296facb8e47ba1eaf17f142c240c19a30894f437feee9b91cc29d8e4f");
        assertThat(create.get("input").get("prompt").asText()).isEqualTo("a red bicycle");
        RecordedRequest poll = requests.get(1);
        assertThat(poll.method() + " " + poll.path()).isEqualTo("GET /api/poll");
        assertThat(poll.queryParam("id")).hasValue(replicate.predictionIds().getFirst());
        assertThat(poll.header("Origin")).hasValue("https://replicate.com");
        assertThat(poll.header("Referer")).hasValue("https://replicate.com/");
        assertThat(poll.headers().all("User-Agent")).singleElement().asString().contains("Chrome/128");
    }

    @Test
    void textStreamsEachNewTokenOnTheProcessingPollThatShowsItAndNeverTwice() {
        replicate.enqueueScripts(PredictionScript.text(TOKENS, 3));
        ChatRequest request = ChatRequest.builder().provider("ReplicateHome").model("gemma-2b")
                .addMessage(Message.system("You write short poems.")).addMessage(Message.user("Rain?")).build();

        List<ChatEvent> events = run(request);

        assertThat(texts(events)).containsExactlyElementsOf(TOKENS);
        // the first processing poll shows 2 tokens: they arrive before the second poll's progress item
        int second = events.indexOf(new ChatEvent.Progress("poll", 2, 30));
        assertThat(texts(events.subList(0, second))).containsExactly("Soft", " rain");
        assertThat(polls()).isEqualTo(4);
        JsonNode create = replicate.requests().getFirst().bodyJson();
        assertThat(create.get("model").asText()).isEqualTo("google-deepmind/gemma-2b-it");
        assertThat(create.get("input").get("prompt").asText())
                .isEqualTo("System: You write short poems.\nUser: Rain?\nAssistant:");
    }

    static Stream<Arguments> terminalFailures() {
        return Stream.of(
                Arguments.of(PredictionScript.of(PollState.starting(), PollState.failed("CUDA out of memory")),
                        ErrorKind.PREDICTION_FAILED, "CUDA out of memory", 2),
                Arguments.of(PredictionScript.of(PollState.processing(), PollState.canceled()),
                        ErrorKind.PREDICTION_CANCELED, "canceled", 2),
                Arguments.of(PredictionScript.of(PollState.aborted()), ErrorKind.PREDICTION_CANCELED, "aborted", 1));
    }

    @ParameterizedTest
    @MethodSource("terminalFailures")
    void failedCanceledAndAbortedPredictionsStopPollingAtOnce(PredictionScript script, ErrorKind kind, String message,
            int expectedPolls) {
        replicate.enqueueScripts(script);

        assertThatThrownBy(() -> run(image("sd-3", "a cat")))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(message);
        assertThat(polls()).isEqualTo(expectedPolls);
        assertThat(sleeps).hasSize(expectedPolls - 1);
    }

    @Test
    void aPredictionThatNeverEndsTimesOutAfterExactlyMaxPollsWithTheConfiguredInterval() {
        replicate.enqueueScripts(PredictionScript.of(PollState.starting()));
        ChatRequest request = image("sdxl", "a cat").toBuilder().option("poll_interval", "250ms").build();

        assertThatThrownBy(() -> run(request, Map.of("G4J_REPLICATEHOME_MAX_POLLS", "4")))
                .isInstanceOf(G4jTimeoutException.class).hasMessageContaining("timed out");
        assertThat(polls()).isEqualTo(4);
        assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250));
        assertThat(replicate.requests().getFirst().bodyJson().get("model").asText())
                .isEqualTo("bytedance/sdxl-lightning-4step");
    }

    @Test
    void theDefaultBudgetIsThirtyPolls() {
        replicate.enqueueScripts(PredictionScript.of(PollState.processing()));

        assertThatThrownBy(() -> run(image("playground-v2.5", "a cat"))).isInstanceOf(G4jTimeoutException.class);
        assertThat(polls()).isEqualTo(30);
        assertThat(sleeps).hasSize(29).containsOnly(Duration.ofSeconds(5));
    }

    @Test
    void aBudgetBelowOnePollIsRejectedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> run(image("", "a cat"), Map.of("G4J_REPLICATEHOME_MAX_POLLS", "0")))
                .isInstanceOfSatisfying(G4jException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("max_polls");
        assertThat(replicate.requests()).isEmpty();
    }

    @Test
    void theImagesApiUsesTheDefaultImageModelAndTheExplicitPrompt() {
        ImagesResult result;
        try (G4j g4j = client(Map.of())) {
            result = g4j.images().generate(ImageRequest.builder("a lighthouse at dusk").provider("ReplicateHome").build());
        }
        assertThat(result.images()).singleElement().satisfies(i -> {
            assertThat(i.url()).isEqualTo(URL);
            assertThat(i.prompt()).isEqualTo("a lighthouse at dusk");
        });
        assertThat(result.model()).isEqualTo("stability-ai/stable-diffusion-3");
    }

    @Test
    void imagesGivenAlongAreLeftOutWithAStatusNotSilently() {
        ChatRequest request = ChatRequest.builder().provider("ReplicateHome").model("gemma-2b")
                .addMessage(Message.user("Describe", Media.of(Fixtures.bytes("janus/kitten.png")))).build();

        List<ChatEvent> events = run(request);

        assertThat(events.getFirst()).isEqualTo(new ChatEvent.Status("ReplicateHome takes no images: left out 1"));
        assertThat(replicate.requests().getFirst().bodyJson().get("input").get("prompt").asText()).isEqualTo("Describe");
    }

    @Test
    void aThrottledCreateIsRateLimitedWithTheProblemTitleAndRetryAfter() {
        replicate.failNext("/api/prediction", Fault.respond(Response.of(429)
                .header("Content-Type", "application/problem+json").header("Retry-After", "6")
                .body(Fixtures.bytes("replicate/error_429_problem.json"))));

        assertThatThrownBy(() -> run(image("", "a cat")))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(6)))
                .hasMessageContaining("Request was throttled: Request was throttled. Your rate limit resets");
    }

    @Test
    void aGatewayErrorOnAPollEndsTheRun() {
        replicate.failNext("/api/poll", Fault.page(502, "common/bad_gateway_502.html"));

        assertThatThrownBy(() -> run(image("", "a cat")))
                .isInstanceOfSatisfying(G4jException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY));
        assertThat(polls()).isEqualTo(1);
    }

    @Test
    void closingTheStreamDuringTheWaitStopsPolling() throws Exception {
        replicate.enqueueScripts(PredictionScript.of(PollState.starting()));
        CountDownLatch waiting = new CountDownLatch(1);
        try (G4j g4j = G4j.builder().providers(List.of(new ReplicateHome()))
                .config(G4jConfig.builder().environment(Map.of("G4J_REPLICATEHOME_BASE_URL", replicate.uri().toString()))
                        .configFile(Optional.empty()).build())
                .sleeper(d -> {
                    waiting.countDown();
                    Thread.sleep(60_000);
                })
                .build()) {
            ChatStream stream = g4j.chat().stream(image("", "a cat"));
            assertThat(stream.iterator().next()).isEqualTo(new ChatEvent.Progress("poll", 1, 30));
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
            stream.close();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (g4j.activeCalls() > 0 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertThat(g4j.activeCalls()).isZero();
        }
        assertThat(polls()).isEqualTo(1);
    }
}
