package dev.g4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamLifecycleTest {
    private static final Timeouts SHORT = Timeouts.DEFAULT.withIdle(Duration.ofMillis(300))
            .withFirstByte(Duration.ofMillis(600));

    /** Waits until the client has no producer thread left; virtual threads are not in getAllStackTraces. */
    static void awaitNoProducers(G4j g4j) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (g4j.activeCalls() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    @Test
    void theIdleTimeoutFiresOnASilentProviderWithinItsBound() {
        CountDownLatch interrupted = new CountDownLatch(1);
        FakeProvider slow = FakeProvider.of("Slow", (r, c, out) -> {
            out.text("first");
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
        try (G4j g4j = Fakes.client(List.of(slow), Map.of(), SHORT)) {
            ChatStream s = g4j.chat().stream(ChatRequest.of("x"));
            Iterator<ChatEvent> it = s.iterator();
            assertThat(it.next()).isEqualTo(new ChatEvent.TextDelta("first"));
            long start = System.nanoTime();
            assertThatThrownBy(it::hasNext).isInstanceOf(G4jTimeoutException.class).hasMessageContaining("idle");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isBetween(250L, 2_000L);
        }
        assertThat(awaitLatch(interrupted)).as("producer was interrupted").isTrue();
    }

    @Test
    void theFirstByteTimeoutBoundsTheWaitForTheFirstEvent() {
        FakeProvider mute = FakeProvider.of("Mute", (r, c, out) -> Thread.sleep(60_000));
        try (G4j g4j = Fakes.client(List.of(mute), Map.of(), SHORT)) {
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("x")))
                    .isInstanceOf(G4jTimeoutException.class).hasMessageContaining("first-byte");
        }
    }

    @Test
    void theTotalDeadlineEndsAStreamThatKeepsTalking() {
        FakeProvider chatty = FakeProvider.of("Chatty", (r, c, out) -> {
            while (true) {
                out.text(".");
                Thread.sleep(20);
            }
        });
        try (G4j g4j = Fakes.client(List.of(chatty), Map.of(), SHORT)) {
            ChatRequest r = ChatRequest.builder().addMessage(Message.user("x")).timeout(Duration.ofMillis(400)).build();
            assertThatThrownBy(() -> g4j.chat().create(r)).isInstanceOf(G4jTimeoutException.class)
                    .hasMessageContaining("deadline");
        }
    }

    @Test
    void closingFromAnotherThreadStopsTheProducerAndLeavesNoLiveThread() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        FakeProvider endless = FakeProvider.of("Endless", (r, c, out) -> {
            try {
                for (int i = 0; ; i++) {
                    out.text("t" + i);
                    started.countDown();
                    Thread.sleep(5);
                }
            } finally {
                stopped.set(true);
            }
        });
        try (G4j g4j = Fakes.client(List.of(endless))) {
            ChatStream s = g4j.chat().stream(ChatRequest.of("x"));
            List<ChatEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch read = new CountDownLatch(3);
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    for (ChatEvent e : s) {
                        seen.add(e);
                        read.countDown();
                    }
                } catch (G4jException ignored) {
                    // closing may surface as cancellation
                }
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(read.await(5, TimeUnit.SECONDS)).isTrue();
            s.close();
            s.close();
            assertThat(reader.join(Duration.ofSeconds(5))).isTrue();
            assertThat(seen).isNotEmpty();
            awaitNoProducers(g4j);
            assertThat(g4j.activeCalls()).isZero();
        }
        assertThat(stopped).isTrue();
    }

    @Test
    void collectAsyncCompletesAndCancellingItClosesTheStream() throws Exception {
        FakeProvider a = FakeProvider.of("A", FakeProvider.says("a", "b"));
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        FakeProvider hang = FakeProvider.of("Hang", (r, c, out) -> {
            try {
                blocked.countDown();
                Thread.sleep(60_000);
            } finally {
                ended.set(true);
            }
        });
        try (G4j g4j = Fakes.client(List.of(a, hang))) {
            assertThat(g4j.chat().stream(ChatRequest.of("x")).collectAsync().get(5, TimeUnit.SECONDS).text())
                    .isEqualTo("ab");
            CompletableFuture<ChatCompletion> f = g4j.chat().stream(ChatRequest.builder().provider("Hang")
                    .addMessage(Message.user("x")).build()).collectAsync();
            assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
            f.cancel(true);
            awaitNoProducers(g4j);
            assertThat(g4j.activeCalls()).isZero();
        }
        assertThat(ended).isTrue();
    }

    @Test
    void thePublisherHonoursDemandAndCompletes() throws Exception {
        FakeProvider a = FakeProvider.of("A", FakeProvider.says("1", "2", "3"));
        try (G4j g4j = Fakes.client(List.of(a))) {
            Flow.Publisher<ChatEvent> p = g4j.chat().stream(ChatRequest.of("x")).publisher();
            List<ChatEvent> got = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Flow.Subscription> sub = new AtomicReference<>();
            p.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    sub.set(s);
                    s.request(1);
                }

                @Override
                public void onNext(ChatEvent item) {
                    got.add(item);
                    sub.get().request(1);
                }

                @Override
                public void onError(Throwable t) {
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(got).containsExactly(new ChatEvent.TextDelta("1"), new ChatEvent.TextDelta("2"),
                    new ChatEvent.TextDelta("3"), new ChatEvent.Finished("stop"));
        }
    }

    @Test
    void aStreamIsIteratedOnce() {
        FakeProvider a = FakeProvider.of("A", FakeProvider.says("1"));
        try (G4j g4j = Fakes.client(List.of(a)); ChatStream s = g4j.chat().stream(ChatRequest.of("x"))) {
            s.iterator();
            assertThatThrownBy(s::iterator).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aProviderBugBecomesATypedFailure() {
        FakeProvider buggy = FakeProvider.of("Buggy", (r, c, out) -> {
            throw new NullPointerException("oops");
        });
        try (G4j g4j = Fakes.client(List.of(buggy))) {
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("x")))
                    .isInstanceOf(MalformedResponseException.class).hasMessageContaining("NullPointerException");
        }
    }

    private static boolean awaitLatch(CountDownLatch l) {
        try {
            return l.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }
}
