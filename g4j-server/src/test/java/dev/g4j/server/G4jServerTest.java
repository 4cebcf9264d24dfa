package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.MediaPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class G4jServerTest {

    @Test
    void hasSafeDefaults() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(1337);
        assertThat(c.authRequired()).isFalse();
        assertThat(c.corsOrigins()).isEmpty();
        assertThat(c.allowMediaUrls()).isFalse();
        assertThat(c.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(c.maxConcurrentStreams()).isEqualTo(10_000);
        assertThat(c.requestTimeout()).isEmpty();
    }

    @Test
    void acceptsNoMoreClientsThanItHasDescriptorsToAnswer() throws Exception {
        long fds = ((com.sun.management.UnixOperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        int max = G4jServer.maxTcpConnections();
        // each client may hold one upstream connection: two descriptors, plus a reserve for the rest
        assertThat((long) max * 2).isLessThanOrEqualTo(Math.max(128, fds - 256));
        assertThat(max).isGreaterThanOrEqualTo(64);
    }

    @Test
    void readsKeysFromTheEnvironmentAndNeverShowsThem() {
        ServerConfig c = ServerConfig.builder().apiKey("sk-one")
                .environment(Map.of("G4J_SERVER_API_KEYS", "sk-two, sk-three", "G4J_SERVER_CORS_ORIGINS",
                        "https://a.example/", "G4J_SERVER_ALLOW_MEDIA_URLS", "true"))
                .build();
        assertThat(c.apiKeyCount()).isEqualTo(3);
        assertThat(c.corsOrigins()).containsExactly("https://a.example");
        assertThat(c.allowMediaUrls()).isTrue();
        assertThat(c.toString()).doesNotContain("sk-one", "sk-two", "sk-three").contains("apiKeys=3");
        assertThatThrownBy(() -> ServerConfig.builder().apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerConfig.builder().corsOrigin("app.example"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAClientThatTrustsMediaFromTheNetwork() {
        try (G4j trusted = G4j.builder().config(G4jConfig.builder().environment(Map.of()).configFile(Optional.empty())
                .media(MediaPolicy.TRUSTED).build()).providers(List.of()).build()) {
            assertThatThrownBy(() -> G4jServer.builder().client(trusted).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("untrusted");
        }
        try (G4j noFetch = G4j.builder().config(G4jConfig.builder().environment(Map.of()).configFile(Optional.empty())
                .media(MediaPolicy.untrusted(false)).build()).providers(List.of()).build()) {
            assertThatThrownBy(() -> G4jServer.builder().client(noFetch).allowMediaUrls(true).build())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void buildsItsOwnUntrustedClientFromAConfiguration() {
        dev.g4j.Timeouts timeouts = dev.g4j.Timeouts.DEFAULT.withIdle(Duration.ofSeconds(7));
        G4jServer server = G4jServer.builder()
                .g4jConfig(G4jConfig.builder().environment(Map.of()).configFile(Optional.empty()).build())
                .allowMediaUrls(true).port(0).requestTimeout(Duration.ofSeconds(30)).upstreamTimeouts(timeouts)
                .maxConcurrentStreams(5000).build();
        try {
            assertThat(server.client().config().timeouts()).isEqualTo(timeouts);
            assertThat(server.client().config().maxConnectionsPerHost()).isEqualTo(5000);
            MediaPolicy media = server.client().config().media();
            assertThat(media.fetchUrls()).isTrue();
            assertThat(media.allowPrivateNetworks()).isFalse();
            assertThat(server.start().port()).isPositive();
            assertThat(server.baseUri().toString()).endsWith("/v1").startsWith("http://127.0.0.1:");
        } finally {
            server.close();
        }
        assertThat(server.isRunning()).isFalse();
    }
}
