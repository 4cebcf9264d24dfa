package dev.g4j.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.MediaPolicy;
import dev.g4j.Timeouts;
import dev.g4j.spi.Provider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts a server on a loopback port over the given providers, with an OpenAI SDK client and a raw one. */
final class Harness implements AutoCloseable {
    static final String SERVER_KEY = "sk-g4j-server-secret";

    final G4j g4j;
    final G4jServer server;
    final OpenAIClient openai;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Harness(G4j g4j, G4jServer server, OpenAIClient openai) {
        this.g4j = g4j;
        this.server = server;
        this.openai = openai;
    }

    static G4jConfig.Builder clientConfig() {
        return G4jConfig.builder()
                .environment(Map.of())
                .configFile(Optional.empty())
                .media(MediaPolicy.untrusted(false))
                .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofSeconds(30)));
    }

    static Harness start(List<? extends Provider> providers) {
        return start(providers, clientConfig(), b -> {});
    }

    static Harness start(List<? extends Provider> providers, Consumer<G4jServer.Builder> server) {
        return start(providers, clientConfig(), server);
    }

    static Harness start(List<? extends Provider> providers, G4jConfig.Builder config,
            Consumer<G4jServer.Builder> customize) {
        G4j g4j = G4j.builder().config(config.build()).providers(providers).build();
        G4jServer.Builder b = G4jServer.builder().client(g4j).port(0).apiKey(SERVER_KEY)
                .disconnectCheckAfter(Duration.ofMillis(50));
        customize.accept(b);
        G4jServer server = b.build().start();
        OpenAIClient openai = OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUri().toString())
                .apiKey(SERVER_KEY)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
        return new Harness(g4j, server, openai);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + SERVER_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return send(post(path, json).build());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + SERVER_KEY).GET().build());
    }

    @Override
    public void close() {
        openai.close();
        server.close();
        g4j.close();
        http.close();
    }
}
