package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LoopbackServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            assertThat(server.failures()).isEmpty();
            server.close();
        }
        http.close();
    }

    @Test
    void servesSeveralRequestsOnOneKeptAliveConnection() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.send("you asked " + request.path()));
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().text()).isEqualTo("you asked /one");
            client.send("GET /two?a=1&b=x+y&b=%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().text()).isEqualTo("you asked /two");
        }
        List<RecordedRequest> requests = server.requests();
        assertThat(requests).extracting(RecordedRequest::connectionId).containsExactly(0, 0);
        assertThat(requests).extracting(RecordedRequest::sequence).containsExactly(0L, 1L);
        assertThat(requests.get(1).query()).isEqualTo("a=1&b=x+y&b=%C3%A9");
        assertThat(requests.get(1).queryParams()).containsEntry("b", List.of("x y", "é"));
        assertThat(server.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void honoursConnectionCloseFromTheClient() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.send("bye"));
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawClient.RawResponse response = client.readResponse();
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(client.read()).isEqualTo(-1);
        }
    }

    @Test
    void readsChunkedAndContentLengthRequestBodies() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.send(request.body()));
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            assertThat(client.readResponse().text()).isEqualTo("hello world");
            client.send("POST /l HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(client.readResponse().text()).isEqualTo("abc");
        }
        assertThat(server.requests().get(0).chunked()).isTrue();
        assertThat(server.requests().get(0).bodyText()).isEqualTo("hello world");
        assertThat(server.requests().get(1).chunked()).isFalse();
    }

    @Test
    void answersExpectContinueBeforeReadingTheBody() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.send(request.body()));
        try (RawClient client = new RawClient(server.port())) {
            client.send("PUT /u HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertThat(client.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(client.readLine()).isEmpty();
            client.send("data");
            assertThat(client.readResponse().text()).isEqualTo("data");
        }
    }

    @Test
    void keepsHeaderNamesAsSentAndLooksThemUpIgnoringCase() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.header("X-Echo", request.header("x-zerogpu-uuid")
                .orElse("none")).send());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/h"))
                .header("X-ZeroGPU-UUID", "abc").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("x-echo")).hasValue("abc");
        RecordedRequest request = server.takeRequest(WAIT).orElseThrow();
        assertThat(request.headers().fields()).anyMatch(h -> h.name().equals("X-ZeroGPU-UUID"));
    }

    @Test
    void sendsJavaHttpClientRequestsAndBodiesOverKeepAlive() throws Exception {
        server = LoopbackServer.start((request, exchange) ->
                exchange.status(201).header("Content-Type", "application/json").send("{\"n\":" + request.bodySize() + "}"));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/p"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(i * 1000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("{\"n\":" + i * 1000 + "}");
        }
        assertThat(server.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void streamsChunksThatArriveIncrementally() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.header("Content-Type", "text/event-stream").startChunked();
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    exchange.pause(Duration.ofMillis(150));
                }
                exchange.write("data: " + i + "\n\n");
                exchange.flush();
            }
        });
        long start = System.nanoTime();
        List<Long> arrivals = new ArrayList<>();
        HttpResponse<Stream<String>> response = http.send(
                HttpRequest.newBuilder(server.uri("/s")).build(), HttpResponse.BodyHandlers.ofLines());
        response.body().filter(line -> line.startsWith("data:"))
                .forEach(line -> arrivals.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        assertThat(arrivals).hasSize(4);
        assertThat(arrivals.get(3) - arrivals.get(0)).isGreaterThanOrEqualTo(400);
        assertThat(arrivals.get(0)).isLessThan(arrivals.get(3) - 300);
    }

    @Test
    void aCutChunkedStreamIsAPrematureEndForTheClient() {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startChunked();
            exchange.write("data: partial");
            exchange.cut();
        });
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(server.uri("/cut")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aShortContentLengthBodyIsAPrematureEndForTheClient() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startStreaming(100);
            exchange.write("only ten b");
        });
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(server.uri("/short")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.RawResponse head = client.readHead();
            assertThat(head.header("content-length")).isEqualTo("100");
            assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("only ten b");
        }
    }

    @Test
    void aCloseDelimitedBodyEndsWhenTheServerCloses() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startStreaming();
            exchange.write("all of it");
        });
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/c")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("all of it");
    }

    @Test
    void resetAbortsTheConnectionWithAnRst() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startChunked();
            exchange.write("data: x\n\n");
            exchange.reset();
        });
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
            assertThat(client.readLine()).isEqualTo("9");
            assertThat(client.readLine()).isEqualTo("data: x");
            assertThatThrownBy(() -> {
                while (client.read() >= 0) {
                    // until the reset
                }
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void stallHoldsTheConnectionUntilTheClientLeavesAndCountsTheDisconnect() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startChunked();
            exchange.write("data: first\n\n");
            exchange.stall();
        });
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            client.readHead();
            client.readLine();
            assertThat(client.readLine()).isEqualTo("data: first");
            assertThat(server.awaitClientDisconnect(Duration.ofMillis(200))).isFalse();
            assertThat(server.openConnections()).isEqualTo(1);
        }
        assertThat(server.awaitClientDisconnect(WAIT)).isTrue();
        assertThat(server.clientDisconnects()).isEqualTo(1);
    }

    @Test
    void aSlowStreamNoticesThatTheClientHungUp() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startChunked();
            for (int i = 0; i < 1000; i++) {
                exchange.write("data: " + i + "\n\n");
                exchange.pause(Duration.ofMillis(20));
            }
        });
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(server.uri("/slow")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.read(new byte[8])).isPositive();
        }
        assertThat(server.awaitClientDisconnect(WAIT)).isTrue();
        assertThat(server.failures()).isEmpty();
    }

    @Test
    void aHandlerThatThrowsGetsA500AndIsRecorded() throws Exception {
        LoopbackServer failing = LoopbackServer.start((request, exchange) -> {
            throw new IllegalStateException("boom");
        });
        try (failing) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(failing.uri("/f")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("boom");
            assertThat(failing.failures()).singleElement()
                    .satisfies(f -> assertThat(f.error()).hasMessage("boom"));
        }
    }

    @Test
    void delaysTheHeadWhenAsked() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.pause(Duration.ofMillis(300));
            exchange.send("late");
        });
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/d")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("late");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(290);
    }

    @Test
    void closeEndsLiveConnectionsAndStalledHandlers() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.stall());
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                HttpRequest.newBuilder(server.uri("/stall")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(server.takeRequest(WAIT)).isPresent();
        server.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThat(server.openConnections()).isZero();
        assertThat(server.clientDisconnects()).isZero();
    }

    @Test
    void takeRequestWaitsForTheNextRequest() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.send());
        assertThat(server.takeRequest(Duration.ofMillis(50))).isEmpty();
        http.sendAsync(HttpRequest.newBuilder(server.uri("/later")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(server.takeRequest(WAIT)).hasValueSatisfying(r -> assertThat(r.path()).isEqualTo("/later"));
    }

    @Test
    void answersAMalformedRequestWith400AndCloses() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.send());
        try (RawClient client = new RawClient(server.port())) {
            client.send("NONSENSE\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(400);
            assertThat(client.read()).isEqualTo(-1);
        }
        assertThat(server.requests()).isEmpty();
    }
}
