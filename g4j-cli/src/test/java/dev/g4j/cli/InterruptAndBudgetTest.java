package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.ConnectionException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InterruptAndBudgetTest {

    @Test
    void ctrlCStopsTheAnswerAndEndsWith130() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        ScriptedProvider slow = ScriptedProvider.of("Slow", (req, ctx, out) -> {
            try {
                out.text("partial");
                Thread.sleep(30_000); // interrupted here, or the emit above already saw the stream closed
            } finally {
                stopped.countDown();
            }
        });
        CountDownLatch started = new CountDownLatch(1);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                if (size() > 0) {
                    started.countDown();
                }
            }
        };
        Harness h = Harness.with(slow).stdout(stdout);
        CompletableFuture<Harness.Result> run = CompletableFuture.supplyAsync(() -> h.run("chat", "Hi"));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        h.interrupts.trigger();
        Harness.Result r = run.get(5, TimeUnit.SECONDS);

        assertThat(r.exit()).as(r.toString()).isEqualTo(130);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("partial");
        assertThat(r.stderr()).contains("interrupted");
        assertThat(stopped.await(5, TimeUnit.SECONDS)).as("the provider was stopped").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(h.halted).isFalse();
    }

    @Test
    void aSecondCtrlCWhileTheFirstIsHonouredEndsTheProcess() {
        Harness h = Harness.with();
        Interrupts.Scope scope = h.interrupts.arm(() -> { });
        h.interrupts.trigger();
        assertThat(h.halted).isFalse();
        h.interrupts.trigger();
        assertThat(h.halted).isTrue();
        scope.close();
    }

    @Test
    void overADeadNetworkTheChainIsAbandonedAfterTheBudgetListingEveryProvider() {
        ScriptedProvider down1 = ScriptedProvider.of("Down1", (req, ctx, out) -> {
            Thread.sleep(100);
            throw new ConnectionException("cannot connect to down1.test: connect timed out");
        });
        ScriptedProvider down2 = ScriptedProvider.of("Down2", (req, ctx, out) -> {
            Thread.sleep(100);
            throw new ConnectionException("unknown host down2.test");
        });
        ScriptedProvider hanging = ScriptedProvider.of("Hanging", (req, ctx, out) -> Thread.sleep(60_000));
        long t0 = System.nanoTime();
        Harness.Result r = Harness.with(down1, down2, hanging).giveUpAfter(Duration.ofMillis(400)).run("chat", "Hello");

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.stderr()).contains("no provider answered within 400 ms and the network looks unreachable")
                .contains("  - Down1 (down1-model): connection_failed: cannot connect to down1.test")
                .contains("  - Down2 (down2-model): connection_failed: unknown host down2.test")
                .contains("  - Hanging (hanging-model): timeout: abandoned while connecting");
    }

    @Test
    void overABlackholedNetworkTheRealTransportGivesUpWithinTheConnectTimeout() throws Exception {
        // a listening socket whose accept queue is full drops SYNs: connecting hangs, as over a dead route
        try (java.net.ServerSocket hole = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> queued = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                queued.add(new java.net.Socket("127.0.0.1", hole.getLocalPort()));
            }
            String url = "http://127.0.0.1:" + hole.getLocalPort() + "/v1/chat";
            ScriptedProvider.Script get = (req, ctx, out) -> {
                try (var r = ctx.http().send(dev.g4j.http.HttpRequest.get(url).build())) {
                    out.text("unexpected " + r.status());
                }
            };
            long t0 = System.nanoTime();
            Harness.Result r = Harness.with(ScriptedProvider.of("Far1", get), ScriptedProvider.of("Far2", get),
                    ScriptedProvider.of("Far3", get)).realTransport().giveUpAfter(Duration.ofSeconds(1))
                    .run("chat", "Hello");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            for (java.net.Socket s : queued) {
                s.close();
            }

            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(took).isLessThan(Cli.CONNECT_TIMEOUT.plusSeconds(3));
            assertThat(r.stderr()).contains("the network looks unreachable").contains("- Far1").contains("- Far2");
        }
    }

    @Test
    void aSlowProviderThatIsStillConnectedIsNotAbandoned() {
        ScriptedProvider thinking = ScriptedProvider.of("Thinking", (req, ctx, out) -> {
            Thread.sleep(800);
            out.text("done");
        });
        Harness.Result r = Harness.with(thinking).giveUpAfter(Duration.ofMillis(200)).run("chat", "Hello");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("done");
    }
}
