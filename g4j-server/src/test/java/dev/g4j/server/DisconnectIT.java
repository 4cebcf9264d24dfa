package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.OpenAiSimulator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client that goes away cancels the upstream call at once, whatever the server was doing. */
class DisconnectIT {

    @Test
    void closingAnSdkStreamEarlyCancelsTheProvider() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", null);
        alpha.script(alpha.slow(Duration.ofMillis(20), "one", " two"));
        try (Harness h = Harness.start(List.of(alpha))) {
            try (StreamResponse<ChatCompletionChunk> s = h.openai.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("alpha-model").addUserMessage("Hi").build())) {
                Iterator<ChatCompletionChunk> it = s.stream().iterator();
                int content = 0;
                while (content < 3 && it.hasNext()) {
                    if (it.next().choices().stream().anyMatch(c -> c.delta().content().isPresent())) {
                        content++;
                    }
                }
            }
            long closed = System.nanoTime();
            assertThat(alpha.cancelled.await(2, TimeUnit.SECONDS)).as("the provider was cancelled").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofMillis(500));
            awaitIdle(h);
            assertThat(h.get("/metrics").body()).contains("g4j_client_disconnects_total 1.0");
        }
    }

    @Test
    void aClientLeavingBeforeTheFirstEventCancelsTheProvider() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", null);
        alpha.script(alpha.silent());
        try (Harness h = Harness.start(List.of(alpha))) {
            for (boolean stream : new boolean[] {true, false}) {
                alpha.cancelled = new java.util.concurrent.CountDownLatch(1);
                alpha.started = new java.util.concurrent.CountDownLatch(1);
                try (Socket socket = rawPost(h, "/v1/chat/completions", "{\"model\":\"alpha-model\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
                    assertThat(alpha.started.await(5, TimeUnit.SECONDS)).isTrue();
                }
                long closed = System.nanoTime();
                assertThat(alpha.cancelled.await(3, TimeUnit.SECONDS)).as("cancelled, stream=" + stream).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(1));
            }
            awaitIdle(h);
        }
    }

    @Test
    void aClientLeavingAnImageGenerationCancelsTheProvider() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", null);
        alpha.script(alpha.silent());
        try (Harness h = Harness.start(List.of(alpha))) {
            try (Socket socket = rawPost(h, "/v1/images/generations", "{\"model\":\"alpha-image\",\"prompt\":\"a cat\"}")) {
                assertThat(alpha.started.await(5, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(alpha.cancelled.await(3, TimeUnit.SECONDS)).isTrue();
            awaitIdle(h);
            // the connection thread was interrupted to cancel; the server must still serve
            assertThat(h.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theUpstreamSimulatorSeesItsClientGoAway() throws Exception {
        String[] words = new String[200];
        java.util.Arrays.fill(words, "word ");
        try (OpenAiSimulator upstream = OpenAiSimulator.builder().reply(ChatReply.text(words))
                .chunkDelay(Duration.ofMillis(20)).start();
                Harness h = Harness.start(List.of(new RelayProvider("Relay")), Harness.clientConfig()
                        .option("Relay.base_url", upstream.baseUri().toString()), b -> {})) {
            try (StreamResponse<ChatCompletionChunk> s = h.openai.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("g4j-sim-model").addUserMessage("Hi").build())) {
                Iterator<ChatCompletionChunk> it = s.stream().iterator();
                for (int i = 0; i < 5 && it.hasNext(); i++) {
                    it.next();
                }
            }
            assertThat(upstream.loopback().awaitClientDisconnect(Duration.ofSeconds(2)))
                    .as("the simulator saw g4j hang up").isTrue();
            awaitIdle(h);
        }
    }

    @Test
    void aSlowAnswerToAClientThatStaysIsDeliveredAndClosesItsConnection() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", (req, ctx, out) -> {
            Thread.sleep(300); // several probe periods: the probe must not mistake silence for a hang-up
            out.text("late");
            out.finish("stop");
        });
        try (Harness h = Harness.start(List.of(alpha))) {
            for (boolean stream : new boolean[] {false, true}) {
                var r = h.postJson("/v1/chat/completions", "{\"model\":\"alpha-model\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("late");
                // the probe read may have raced a next request: this connection is not reused
                assertThat(r.headers().firstValue("connection")).hasValue("close");
            }
            var fast = h.openai.chat().completions().withRawResponse().create(
                    ChatCompletionCreateParams.builder().model("alpha-model").addUserMessage("Hi").build());
            assertThat(fast.parse().choices().getFirst().message().content()).hasValue("late");
        }
    }

    @Test
    void aSilentStreamGetsKeepAliveCommentsAndNoticesAClientThatLeft() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", null);
        alpha.script((req, ctx, out) -> {
            out.text("first");
            alpha.started.countDown();
            Thread.sleep(400);
            out.text(" second");
            out.finish("stop");
        });
        try (Harness h = Harness.start(List.of(alpha), b -> b.sseKeepAlive(Duration.ofMillis(50)))) {
            var r = h.postJson("/v1/chat/completions",
                    "{\"model\":\"alpha-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(r.body()).contains(": keep-alive\n\n", "\"content\":\"first\"", "\"content\":\" second\"",
                    "data: [DONE]\n\n");

            StringBuilder text = new StringBuilder();
            try (var s = h.openai.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("alpha-model").addUserMessage("Hi").build())) {
                s.stream().forEach(c -> c.choices().forEach(x -> x.delta().content().ifPresent(text::append)));
            }
            assertThat(text.toString()).isEqualTo("first second");

            alpha.started = new java.util.concurrent.CountDownLatch(1);
            alpha.script((req, ctx, out) -> {
                out.text("first");
                alpha.started.countDown();
                Thread.sleep(Duration.ofMinutes(5));
            });
            try (Socket socket = rawPost(h, "/v1/chat/completions", "{\"model\":\"alpha-model\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
                assertThat(alpha.started.await(5, TimeUnit.SECONDS)).isTrue();
                socket.getInputStream().read(new byte[64]);
            }
            assertThat(alpha.cancelled.await(3, TimeUnit.SECONDS)).as("cancelled by a failed keep-alive").isTrue();
            awaitIdle(h);
        }
    }

    @Test
    void aStreamStalledMidAnswerNoticesAClientThatLeftWithinTwoDefaultKeepAlives() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", null);
        alpha.script((req, ctx, out) -> {
            out.text("first");
            alpha.started.countDown();
            Thread.sleep(Duration.ofMinutes(5));
        });
        try (Harness h = Harness.start(List.of(alpha))) { // the default keep-alive interval
            try (Socket socket = rawPost(h, "/v1/chat/completions", "{\"model\":\"alpha-model\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
                assertThat(alpha.started.await(5, TimeUnit.SECONDS)).isTrue();
                socket.getInputStream().read(new byte[64]);
            }
            long closed = System.nanoTime();
            assertThat(alpha.cancelled.await(8, TimeUnit.SECONDS)).as("cancelled by a failed keep-alive").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - closed))
                    .isLessThan(ServerConfig.defaults().sseKeepAlive().multipliedBy(2).plusSeconds(1));
            awaitIdle(h);
        }
    }

    /** Sends a request on a raw socket and returns it unread. */
    static Socket rawPost(Harness h, String path, String json) throws Exception {
        Socket socket = new Socket("127.0.0.1", h.server.port());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Harness.SERVER_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    /** Every upstream call has ended and every slot is free again. */
    static void awaitIdle(Harness h) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while ((h.g4j.activeCalls() > 0 || h.server.client().activeCalls() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(h.g4j.activeCalls()).isZero();
    }

    static String readAll(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
