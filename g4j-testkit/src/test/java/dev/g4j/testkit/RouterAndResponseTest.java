package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterAndResponseTest {

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

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesByMethodExactPathAndLongestPrefixWithQueuedResponsesFirst() throws Exception {
        Router router = Router.create()
                .get("/a", Response.text(200, "exact"))
                .prefix("GET", "/p/", Response.text(200, "short prefix"))
                .prefix("GET", "/p/long/", Response.text(200, "long prefix"))
                .enqueue("GET", "/a", Response.text(503, "queued 1"), Response.text(429, "queued 2"));
        server = LoopbackServer.start(router);
        assertThat(send("GET", "/a").body()).isEqualTo("queued 1");
        assertThat(send("GET", "/a?x=1").statusCode()).isEqualTo(429);
        assertThat(send("GET", "/a").body()).isEqualTo("exact");
        assertThat(router.pending("GET", "/a")).isZero();
        assertThat(send("GET", "/p/long/x").body()).isEqualTo("long prefix");
        assertThat(send("GET", "/p/x").body()).isEqualTo("short prefix");
        HttpResponse<String> missing = send("POST", "/a");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no route for POST /a");
    }

    @Test
    void framesSseEventsAsChunksAndCanCutAtAByteOffset() throws Exception {
        server = LoopbackServer.start(Router.create()
                .get("/sse", Response.sse(List.of("{\"a\":1}", "[DONE]")))
                .get("/cut", Response.text(200, "0123456789").cutAt(4))
                .get("/slow", Response.json(200, "{}").delayHeaders(Duration.ofMillis(200))));
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /sse HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.RawResponse head = client.readHead();
            assertThat(head.header("content-type")).isEqualTo("text/event-stream; charset=utf-8");
            assertThat(head.header("cache-control")).isEqualTo("no-cache");
            assertThat(client.readLine()).isEqualTo("f"); // one chunk per event: 15 bytes
            assertThat(client.readLine()).isEqualTo("data: {\"a\":1}");
            client.readLine();
            client.readLine();
            assertThat(client.readLine()).isEqualTo("e");
            assertThat(client.readLine()).isEqualTo("data: [DONE]");
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /cut HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead().header("content-length")).isEqualTo("10");
            assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("0123");
        }
        long start = System.nanoTime();
        assertThat(send("GET", "/slow").body()).isEqualTo("{}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void closesOrResetsWithoutAnsweringWhenScriptedTo() throws Exception {
        server = LoopbackServer.start(Router.create()
                .get("/close", Response.closeWithoutResponse())
                .get("/reset", Response.resetWithoutResponse()));
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.read()).isEqualTo(-1);
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /reset HTTP/1.1\r\nHost: x\r\n\r\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(client::read).isInstanceOf(SocketException.class);
        }
    }
}
