package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.OpenAiSimulator;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code g4j serve}: the server over the command line's configuration, stopped by Ctrl-C. */
@org.junit.jupiter.api.Timeout(60)
class ServeIT {

    @Test
    void servesTheOpenAiApiWithTheCommandLinesProvidersUntilCtrlC() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (OpenAiSimulator upstream = OpenAiSimulator.builder().reply(ChatReply.text("Hel", "lo")).start()) {
            Harness h = Harness.classPath().server(new GatewayRunner())
                    .env("G4J_OPENAICOMPATIBLE_BASE_URL", upstream.baseUri().toString());
            CompletableFuture<Harness.Result> run = CompletableFuture.supplyAsync(
                    () -> h.run("serve", "--port", Integer.toString(port), "--api-key", "server-key"));
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            try {
                awaitUp(http, base.resolve("/health"));
                talkTo(http, base, upstream);
            } finally {
                h.interrupts.trigger();
            }
            Harness.Result r = run.get(10, TimeUnit.SECONDS);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.stderr()).contains("serving the OpenAI API on http://127.0.0.1:" + port + "/v1")
                    .contains("server stopped");
        }
    }

    private static void talkTo(HttpClient http, URI base, OpenAiSimulator upstream) throws Exception {
        {

            HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(base.resolve("/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noKey.statusCode()).isEqualTo(401);

            HttpRequest chat = HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                    .header("Authorization", "Bearer server-key")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"OpenAICompatible/g4j-sim-model"
                            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            HttpResponse<String> answer = http.send(chat, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"content\":\"Hello\"");
            assertThat(upstream.takeRequest(Duration.ofSeconds(1)).orElseThrow().header("Authorization"))
                    .as("the server key never goes upstream").isEmpty();
        }
    }

    @Test
    void aPortInUseIsAClearFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Harness.Result r = Harness.classPath().server(new GatewayRunner())
                    .run("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exit()).isEqualTo(Errors.FAILURE);
            assertThat(r.stderr()).contains("cannot serve: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static void awaitUp(HttpClient http, URI health) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try {
                if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the server did not come up");
    }
}
