package dev.g4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.LoadedMedia;
import dev.g4j.Media;
import dev.g4j.MediaPolicy;
import dev.g4j.Timeouts;
import dev.g4j.UnsupportedMediaException;
import dev.g4j.http.CallSettings;
import dev.g4j.http.Headers;
import dev.g4j.http.Http;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.JettyTransport;
import dev.g4j.http.Transport;
import dev.g4j.testkit.LoopbackServer;
import dev.g4j.testkit.Response;
import dev.g4j.testkit.Router;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Media loading follows redirects itself and checks every location before connecting. The loopback
 * server is real and reached through the real transport, so a check that let a request through would
 * show as a connection to it; {@code images.example} stands for a public host, answered in-process.
 */
class MediaRedirectsIT {
    static final byte[] GIF = "GIF89a\u0001\0\u0001\0\0\0\0;".getBytes(StandardCharsets.ISO_8859_1);

    private final LoopbackServer local = LoopbackServer.start(Router.create()
            .get("/cat.gif", Response.of(200).header("Content-Type", "image/gif").body(GIF))
            .get("/hop", Response.of(302).header("Location", "/cat.gif")));
    private final JettyTransport jetty = JettyTransport.create();
    private final List<HttpRequest> sent = new CopyOnWriteArrayList<>();
    /** Path on images.example to the Location it redirects to; other paths answer the GIF. */
    private Map<String, String> publicRedirects = Map.of();

    private final Transport network = (request, settings) -> {
        sent.add(request);
        if (!request.uri().getHost().equals("images.example")) {
            return jetty.send(request, settings);
        }
        String to = publicRedirects.get(request.uri().getPath());
        return to == null ? answer(200, Headers.of("Content-Type", "image/gif"), GIF)
                : answer(302, Headers.of("Location", to), new byte[0]);
    };

    private static final MediaUrls.Resolver DNS = MediaUrlsTest.names(Map.of(
            "images.example", List.of("93.184.216.34"), "localhost", List.of("127.0.0.1")));

    @AfterEach
    void close() {
        jetty.close();
        local.close();
    }

    private LoadedMedia load(MediaPolicy policy, String url) {
        Http http = new Http(network, CallSettings.standalone("Test", Optional.empty(), Timeouts.DEFAULT), 1 << 20);
        return new DefaultMediaLoader(policy, http, DNS).load(Media.ofUrl(url));
    }

    @Test
    void refusesARedirectToALoopbackOrPrivateAddressBeforeConnecting() {
        for (String to : List.of(local.uri("/cat.gif").toString(), "http://localhost:" + local.port() + "/cat.gif",
                "http://2130706433:" + local.port() + "/cat.gif", "http://[::ffff:127.0.0.1]:" + local.port() + "/",
                "http://169.254.169.254/latest/meta-data/")) {
            publicRedirects = Map.of("/a.gif", to);
            sent.clear();
            assertThatThrownBy(() -> load(MediaPolicy.untrusted(true), "https://images.example/a.gif")).as(to)
                    .isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageContaining("are refused");
            assertThat(sent).as(to).hasSize(1).allMatch(r -> !r.followRedirects());
        }
        assertThat(local.acceptedConnections()).isZero();
    }

    @Test
    void followsRedirectsBetweenPublicLocationsRelativeOnesIncluded() {
        publicRedirects = Map.of("/a.gif", "/b/c.gif", "/b/c.gif", "d.gif");
        LoadedMedia m = load(MediaPolicy.untrusted(true), "https://images.example/a.gif");
        assertThat(m.mimeType()).isEqualTo("image/gif");
        assertThat(sent).extracting(r -> r.uri().toString()).containsExactly("https://images.example/a.gif",
                "https://images.example/b/c.gif", "https://images.example/b/d.gif");
    }

    @Test
    void refusesMoreThanFiveRedirects() {
        publicRedirects = Map.of("/loop.gif", "/loop.gif");
        assertThatThrownBy(() -> load(MediaPolicy.untrusted(true), "https://images.example/loop.gif"))
                .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("more than 5 redirects");
        assertThat(sent).hasSize(6);
    }

    @Test
    void aTrustedPolicyFollowsRedirectsOnPrivateNetworksOverTheRealTransport() {
        assertThat(load(MediaPolicy.TRUSTED, local.uri("/hop").toString()).mimeType()).isEqualTo("image/gif");
        assertThat(local.requests()).extracting(r -> r.path()).containsExactly("/hop", "/cat.gif");
    }

    @Test
    void theTransportAnswersARedirectAsItCameWhenAskedNotToFollow() {
        CallSettings call = CallSettings.standalone("Test", Optional.empty(), Timeouts.DEFAULT);
        try (HttpResponse r = jetty.send(HttpRequest.get(local.uri("/hop").toString()).followRedirects(false).build(),
                call)) {
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.headers().first("Location")).hasValue("/cat.gif");
        }
        try (HttpResponse r = jetty.send(HttpRequest.get(local.uri("/hop").toString()).build(), call)) {
            assertThat(r.status()).as("followed by default").isEqualTo(200);
        }
    }

    private static HttpResponse answer(int status, Headers headers, byte[] body) {
        return new HttpResponse() {
            private final InputStream in = new ByteArrayInputStream(body);

            @Override
            public int status() {
                return status;
            }

            @Override
            public Headers headers() {
                return headers;
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public void close() {}
        };
    }
}
