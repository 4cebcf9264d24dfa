package dev.g4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbackTest {

    private static List<ChatEvent> drain(ChatStream s, List<ChatEvent> sink) {
        try (s) {
            for (ChatEvent e : s) {
                sink.add(e);
            }
        }
        return sink;
    }

    @Test
    void aRetryableFailureBeforeAnyContentMovesToTheNextProvider() {
        FakeProvider a = FakeProvider.of("A", (r, c, out) -> {
            out.status("queued");
            throw new RateLimitedException("HTTP 429: busy", null, 429, null, null);
        });
        FakeProvider b = FakeProvider.of("B", FakeProvider.says("hello", " world"));
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            ChatCompletion c = g4j.chat().create(ChatRequest.of("hi"));
            assertThat(c.text()).isEqualTo("hello world");
            assertThat(c.provider()).isEqualTo("B");
            assertThat(c.attempts()).extracting(Attempt::provider).containsExactly("A", "B");
            assertThat(c.attempts().get(0).error().orElseThrow()).isInstanceOf(RateLimitedException.class);
            assertThat(c.attempts().get(1).succeeded()).isTrue();
        }
    }

    @Test
    void aFailureAfterContentIsReportedAndNeverRetriedSoOutputIsNotRepeated() {
        FakeProvider a = FakeProvider.of("A", (r, c, out) -> {
            out.text("partial");
            throw new ConnectionException("connection lost");
        });
        FakeProvider b = FakeProvider.of("B", FakeProvider.says("other"));
        List<ChatEvent> seen = new ArrayList<>();
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            assertThatThrownBy(() -> drain(g4j.chat().stream(ChatRequest.of("hi")), seen))
                    .isInstanceOf(ConnectionException.class)
                    .satisfies(e -> assertThat(((G4jException) e).provider()).hasValue("A"));
        }
        assertThat(seen).containsExactly(new ChatEvent.TextDelta("partial"));
        assertThat(b.calls).hasValue(0);
    }

    @Test
    void aNonRetryableFailureStopsTheChain() {
        FakeProvider a = FakeProvider.of("A", FakeProvider.fails(new UnsupportedMediaException("not an image")));
        FakeProvider b = FakeProvider.of("B", FakeProvider.says("x"));
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("hi"))).isInstanceOf(UnsupportedMediaException.class);
        }
        assertThat(b.calls).hasValue(0);
    }

    @Test
    void whenEveryProviderFailsTheErrorListsEachAttempt() {
        FakeProvider a = FakeProvider.of("A", FakeProvider.fails(new HttpStatusException("HTTP 500: boom", null, 500, null)));
        FakeProvider b = FakeProvider.of("B", FakeProvider.fails(new BlockedException("HTTP 403: bot wall", null, 403, null)));
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("hi")))
                    .isInstanceOf(AllProvidersFailedException.class)
                    .hasMessageContaining("A (http_status: HTTP 500: boom)")
                    .hasMessageContaining("B (cloudflare: HTTP 403: bot wall)")
                    .satisfies(e -> assertThat(((AllProvidersFailedException) e).attempts()).hasSize(2));
        }
    }

    @Test
    void aModelNoProviderOfTheChainKnowsStaysModelNotFoundListingWhatEachWouldTake() {
        FakeProvider a = FakeProvider.of("A", FakeProvider.says("a"));
        FakeProvider b = FakeProvider.of("B", FakeProvider.says("b"));
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.builder().provider("A,B").model("zzz")
                    .addMessage(Message.user("x")).build()))
                    .isInstanceOfSatisfying(ModelNotFoundException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
                        assertThat(e.model()).isEqualTo("zzz");
                        assertThat(e.available()).contains("a-model", "b-model", "shared-model").doesNotHaveDuplicates();
                    });
        }
        assertThat(a.calls).hasValue(0);
        assertThat(b.calls).hasValue(0);
    }

    @Test
    void aSingleProviderFailureIsRethrownAsItIs() {
        FakeProvider a = FakeProvider.of("A", FakeProvider.fails(new HttpStatusException("HTTP 500: boom", null, 500, null)));
        try (G4j g4j = Fakes.client(List.of(a))) {
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.builder().provider("A")
                    .addMessage(Message.user("x")).build()))
                    .isInstanceOf(HttpStatusException.class)
                    .satisfies(e -> assertThat(((G4jException) e).provider()).hasValue("A"));
        }
    }

    @Test
    void aProviderThatFailedRecentlyIsTriedLast() {
        boolean[] aFails = {true};
        FakeProvider a = FakeProvider.of("A", (r, c, out) -> {
            if (aFails[0]) {
                throw new HttpStatusException("HTTP 503", null, 503, null);
            }
            out.text("a");
        });
        FakeProvider b = FakeProvider.of("B", FakeProvider.says("b"));
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            assertThat(g4j.chat().create(ChatRequest.of("1")).provider()).isEqualTo("B");
            aFails[0] = false;
            ChatCompletion second = g4j.chat().create(ChatRequest.of("2"));
            assertThat(second.provider()).isEqualTo("B");
            assertThat(second.attempts()).extracting(Attempt::provider).containsExactly("B");
        }
        assertThat(a.calls).hasValue(1);
    }

    @Test
    void finishedIsAlwaysLastAndSynthesisedWhenAProviderOmitsIt() {
        FakeProvider a = FakeProvider.of("A", (r, c, out) -> {
            out.text("t");
            out.finish("length");
            out.emit(ChatEvent.Usage.of(3, 4));
        });
        FakeProvider b = FakeProvider.of("B", (r, c, out) -> out.text("u"));
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            List<ChatEvent> events = drain(g4j.chat().stream(ChatRequest.builder().provider("A")
                    .addMessage(Message.user("x")).build()), new ArrayList<>());
            assertThat(events).containsExactly(new ChatEvent.TextDelta("t"), ChatEvent.Usage.of(3, 4),
                    new ChatEvent.Finished("length"));
            List<ChatEvent> other = drain(g4j.chat().stream(ChatRequest.builder().provider("B")
                    .addMessage(Message.user("x")).build()), new ArrayList<>());
            assertThat(other).containsExactly(new ChatEvent.TextDelta("u"), new ChatEvent.Finished("stop"));
        }
    }

    @Test
    void theModelIsResolvedThroughTheCatalogBeforeTheProviderRuns() {
        FakeProvider a = FakeProvider.of("A", FakeProvider.says("ok"));
        try (G4j g4j = Fakes.client(List.of(a))) {
            ChatCompletion c = g4j.chat().create(ChatRequest.builder().model("short").addMessage(Message.user("x")).build());
            assertThat(a.requests.getFirst().model()).isEqualTo("a-model");
            assertThat(c.model()).isEqualTo("a-model");
        }
    }

    @Test
    void theCallersApiKeyReachesOnlyTheProviderThatNeedsIt() {
        FakeProvider open = new FakeProvider(FakeProvider.info("Open").option(ProviderOption.apiKey("token")).build(),
                FakeProvider.fails(new HttpStatusException("HTTP 500", null, 500, null)));
        FakeProvider keyed = new FakeProvider(FakeProvider.info("Keyed").needsAuth(true)
                .option(ProviderOption.apiKey("key")).build(), (r, ctx, out) -> out.text(ctx.apiKey().orElse("none")));
        try (G4j g4j = Fakes.client(List.of(open, keyed))) {
            ChatCompletion c = g4j.chat().create(ChatRequest.builder().apiKey("k-123").addMessage(Message.user("x")).build());
            assertThat(c.text()).isEqualTo("k-123");
            assertThat(open.contexts.getFirst().apiKey()).isEmpty();
        }
    }

    @Test
    void conversationStateAndStatusBeforeAFailureDoNotBlockFallback() {
        FakeProvider a = FakeProvider.of("A", (r, c, out) -> {
            out.emit(new ChatEvent.ConversationState("A", "{\"s\":1}"));
            out.emit(new ChatEvent.Progress("step", 1, 5));
            throw new UpstreamException(ErrorKind.QUOTA_EXCEEDED, "quota");
        });
        FakeProvider b = FakeProvider.of("B", FakeProvider.says("fine"));
        try (G4j g4j = Fakes.client(List.of(a, b), Map.of(), Timeouts.DEFAULT)) {
            ChatCompletion c = g4j.chat().create(ChatRequest.of("x"));
            assertThat(c.text()).isEqualTo("fine");
            assertThat(c.conversation()).contains(new ChatEvent.ConversationState("A", "{\"s\":1}"));
        }
    }
}
