package dev.g4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.ConnectionException;
import dev.g4j.ErrorKind;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.G4jException;
import dev.g4j.G4jTimeoutException;
import dev.g4j.MalformedResponseException;
import dev.g4j.Message;
import dev.g4j.MissingAuthException;
import dev.g4j.Timeouts;
import dev.g4j.testkit.LoopbackServer;
import dev.g4j.testkit.Response;
import dev.g4j.testkit.Router;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The default transport against real loopback sockets: streaming, cancellation, timeouts, proxies. */
class TransportIT {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    private G4j client(String baseUrl, Timeouts timeouts, Map<String, String> cli) {
        G4jConfig config = G4jConfig.builder()
                .environment(Map.of("G4J_SSETEST_BASE_URL", baseUrl))
                .options(cli)
                .configFile(Optional.empty())
                .timeouts(timeouts)
                .build();
        return track(G4j.builder().providers(List.of(new SseTestProvider())).config(config).build());
    }

    private G4j client(String baseUrl) {
        return client(baseUrl, Timeouts.DEFAULT, Map.of());
    }

    private static List<String> events(int n) {
        List<String> out = new ArrayList<>(IntStream.range(0, n).mapToObj(i -> "e" + i).toList());
        out.add("[DONE]");
        return out;
    }

    @Test
    void streamsEventsIncrementallyOverTheWire() {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.sse(events(5)).chunkDelay(Duration.ofMillis(150)))));
        G4j g4j = client(server.uri("/s").toString());
        try (ChatStream s = g4j.chat().stream(ChatRequest.of("x"))) {
            Iterator<ChatEvent> it = s.iterator();
            long start = System.nanoTime();
            assertThat(it.next()).isEqualTo(new ChatEvent.TextDelta("e0"));
            assertThat((System.nanoTime() - start) / 1_000_000).as("first event before the body ends").isLessThan(600);
            List<ChatEvent> rest = new ArrayList<>();
            it.forEachRemaining(rest::add);
            assertThat(rest).hasSize(5).last().isEqualTo(new ChatEvent.Finished("stop"));
        }
    }

    @Test
    void closingAStreamMidwayClosesTheConnectionAndLeavesNoProducer() throws Exception {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.sse(events(200)).chunkDelay(Duration.ofMillis(20)))));
        G4j g4j = client(server.uri("/s").toString());
        ChatStream s = g4j.chat().stream(ChatRequest.of("x"));
        Iterator<ChatEvent> it = s.iterator();
        it.next();
        it.next();
        s.close();
        assertThat(server.awaitClientDisconnect(Duration.ofSeconds(5))).as("server saw the client hang up").isTrue();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (g4j.activeCalls() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(g4j.activeCalls()).isZero();
    }

    @Test
    void theIdleTimeoutFiresOnASilentUpstreamWithinItsBound() {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.sse(events(3)).stallAfterChunks(1))));
        G4j g4j = client(server.uri("/s").toString(), Timeouts.DEFAULT.withIdle(Duration.ofMillis(400)), Map.of());
        try (ChatStream s = g4j.chat().stream(ChatRequest.of("x"))) {
            Iterator<ChatEvent> it = s.iterator();
            assertThat(it.next()).isEqualTo(new ChatEvent.TextDelta("e0"));
            long start = System.nanoTime();
            assertThatThrownBy(it::hasNext).isInstanceOf(G4jTimeoutException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(300L, 3_000L);
        }
    }

    @Test
    void theFirstByteTimeoutBoundsAnUpstreamThatSendsNothing() {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.sse(events(1)).delayHeaders(Duration.ofSeconds(10)))));
        G4j g4j = client(server.uri("/s").toString(), Timeouts.DEFAULT.withFirstByte(Duration.ofMillis(400)), Map.of());
        long start = System.nanoTime();
        assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("x"))).isInstanceOf(G4jTimeoutException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    }

    @Test
    void anAnswerMayTakeLongerThanTheIdleTimeoutToBeginWithinTheFirstByteTimeout() {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.sse(events(1)).delayHeaders(Duration.ofMillis(1200)))));
        G4j g4j = client(server.uri("/s").toString(),
                Timeouts.DEFAULT.withFirstByte(Duration.ofSeconds(10)).withIdle(Duration.ofMillis(300)), Map.of());

        assertThat(g4j.chat().create(ChatRequest.of("x")).text()).isEqualTo("e0");
    }

    @Test
    void aBodyThatEndsEarlySaysSoInPlainWords() {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.sse(events(5)).cutAfterChunks(2))));
        G4j g4j = client(server.uri("/s").toString());

        assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("x")))
                .hasMessage("event stream cut: the connection closed before the answer ended");
    }

    @Test
    void aStreamCutMidEventIsTruncatedNotACleanEnd() {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.sseRaw("data: a\n\ndata: {\"half").thenCut())));
        G4j g4j = client(server.uri("/s").toString());
        List<ChatEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (ChatStream s = g4j.chat().stream(ChatRequest.of("x"))) {
                s.forEach(seen::add);
            }
        }).isInstanceOf(MalformedResponseException.class)
                .satisfies(e -> assertThat(((G4jException) e).kind()).isEqualTo(ErrorKind.TRUNCATED_STREAM));
        assertThat(seen).containsExactly(new ChatEvent.TextDelta("a"));
    }

    @Test
    void aResetMidStreamIsATypedFailure() {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.sse(events(50)).resetAfterChunks(2))));
        G4j g4j = client(server.uri("/s").toString());
        assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("x"))).isInstanceOf(G4jException.class)
                .satisfies(e -> assertThat(((G4jException) e).kind())
                        .isIn(ErrorKind.TRUNCATED_STREAM, ErrorKind.CONNECTION_FAILED));
    }

    @Test
    void statusErrorsGoThroughTheSharedCheck() {
        LoopbackServer server = track(LoopbackServer.start(Router.create()
                .get("/s", Response.json(401, "{\"error\":{\"message\":\"Not authenticated\",\"code\":null}}"))));
        G4j g4j = client(server.uri("/s").toString());
        assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("x"))).isInstanceOf(MissingAuthException.class)
                .hasMessageContaining("Not authenticated")
                .satisfies(e -> assertThat(((G4jException) e).provider()).hasValue("SseTest"));
    }

    @Test
    void aRequestsOwnUserAgentReplacesTheDefaultOne() {
        LoopbackServer server = track(LoopbackServer.start(Router.create().get("/ua", Response.json(200, "{}"))));
        JettyTransport transport = track(JettyTransport.create());
        CallSettings call = CallSettings.standalone("t", Optional.empty(), Timeouts.DEFAULT);
        for (HttpRequest request : List.of(
                HttpRequest.get(server.uri("/ua").toString()).header("User-Agent", "Browser/1.0").build(),
                HttpRequest.get(server.uri("/ua").toString()).build())) {
            try (HttpResponse response = transport.send(request, call)) {
                response.readBytes(1024);
            }
        }
        assertThat(server.requests().get(0).headers().all("User-Agent")).containsExactly("Browser/1.0");
        assertThat(server.requests().get(1).headers().all("User-Agent")).containsExactly("g4j");
    }

    @Test
    void aRefusedConnectionIsAConnectionFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        G4j g4j = client("http://127.0.0.1:" + port + "/s");
        assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("x"))).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("cannot connect");
    }

    @Test
    void usesASocks5ProxyWithCredentials() throws Exception {
        LoopbackServer server = track(LoopbackServer.start(Router.create().get("/s", Response.sse(events(2)))));
        TestProxies.Socks5 proxy = track(new TestProxies.Socks5("alice", "s3cr:t"));
        String proxyUrl = "socks5://alice:s3cr%3At@127.0.0.1:" + proxy.port();
        G4j g4j = client(server.uri("/s").toString(), Timeouts.DEFAULT, Map.of("SseTest.proxy", proxyUrl));
        assertThat(g4j.chat().create(ChatRequest.of("x")).text()).isEqualTo("e0e1");
        assertThat(proxy.credentials).containsExactly("alice:s3cr:t");
        assertThat(proxy.targets).containsExactly("127.0.0.1:" + server.port());
    }

    @Test
    void aSocks5ProxyRefusingTheCredentialsIsAConnectionFailureWithoutThePassword() throws Exception {
        LoopbackServer server = track(LoopbackServer.start(Router.create().get("/s", Response.sse(events(2)))));
        TestProxies.Socks5 proxy = track(new TestProxies.Socks5("alice", "right"));
        String proxyUrl = "socks5://alice:wrong-password@127.0.0.1:" + proxy.port();
        G4j g4j = client(server.uri("/s").toString(), Timeouts.DEFAULT, Map.of("proxy", proxyUrl));
        assertThatThrownBy(() -> g4j.chat().create(ChatRequest.of("x"))).isInstanceOf(ConnectionException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password"));
    }

    @Test
    void usesAnHttpProxyWithCredentialsForTheCallThatAsks() throws Exception {
        LoopbackServer server = track(LoopbackServer.start(Router.create().get("/s", Response.sse(events(1)))));
        TestProxies.HttpForward proxy = track(new TestProxies.HttpForward());
        G4j g4j = client(server.uri("/s").toString());
        ChatRequest viaProxy = ChatRequest.builder().addMessage(Message.user("x"))
                .proxy("http://bob:pw@127.0.0.1:" + proxy.port()).build();
        assertThat(g4j.chat().create(viaProxy).text()).isEqualTo("e0");
        assertThat(proxy.requestLines).containsExactly("GET " + server.uri("/s") + " HTTP/1.1");
        assertThat(proxy.proxyAuthorizations)
                .containsExactly("Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes()));
        assertThat(g4j.chat().create(ChatRequest.of("x")).text()).as("other calls go direct").isEqualTo("e0");
        assertThat(proxy.requestLines).hasSize(1);
    }
}
