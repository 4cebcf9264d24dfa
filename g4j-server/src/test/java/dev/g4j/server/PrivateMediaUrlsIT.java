package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.Media;
import dev.g4j.MediaPolicy;
import dev.g4j.http.Json;
import dev.g4j.testkit.LoopbackServer;
import dev.g4j.testkit.Response;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With image URLs allowed, the server still refuses those to loopback, private, link-local and
 * unique-local hosts, however written, with a 400 OpenAI error body, before any provider runs and
 * without connecting anywhere: a loopback server that would answer every such URL with an image sees
 * no connection. (A redirect from a public host to a private one is refused too: the media loader
 * checks every location before connecting, see {@code MediaRedirectsIT} in g4j-core.)
 */
class PrivateMediaUrlsIT {
    static final byte[] PNG = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            + "1f15c4890000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082");

    static String withImage(String url) {
        return "{\"model\":\"alpha-vision\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]}";
    }

    /** A vision provider that loads every image through the client's media policy, as real ones do. */
    static ScriptedProvider loadsImages() {
        return ScriptedProvider.of("Alpha", (req, ctx, out) -> {
            for (Media m : req.images()) {
                out.text("a " + ctx.load(m).mimeType() + " ");
            }
            out.finish("stop");
        });
    }

    @Test
    void refusesImageUrlsToLocalAndPrivateHostsWithA400AndConnectsNowhere() throws Exception {
        ScriptedProvider alpha = loadsImages();
        try (LoopbackServer local = LoopbackServer.start((request, exchange) ->
                        Response.of(200).header("Content-Type", "image/png").body(PNG).handle(request, exchange));
                Harness h = Harness.start(List.of(alpha),
                        Harness.clientConfig().media(MediaPolicy.untrusted(true)), b -> b.allowMediaUrls(true))) {
            int port = local.port();
            List<String> urls = List.of(
                    "http://127.0.0.1:" + port + "/cat.png", "http://127.1.2.3:" + port + "/cat.png",
                    "http://localhost:" + port + "/cat.png", "HTTP://LOCALHOST:" + port + "/cat.png",
                    "http://user:pw@127.0.0.1:" + port + "/cat.png", "http://0.0.0.0:" + port + "/cat.png",
                    "http://[::1]:" + port + "/", "http://[::]:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/",
                    "http://[::ffff:7f00:1]:" + port + "/", "http://[::127.0.0.1]:" + port + "/",
                    "http://2130706433:" + port + "/", "http://0177.0.0.1:" + port + "/", "http://0x7f000001:" + port,
                    "http://10.0.0.1/", "http://172.16.5.4/", "http://172.31.255.255/", "http://192.168.1.1/",
                    "https://169.254.169.254/latest/meta-data/", "http://169.254.1.1/", "http://[fe80::1]/",
                    "http://[fd00::1]/", "http://[fc00::abcd]/", "http://100.64.0.1/", "http://127.1:" + port + "/",
                    "http://0x7f.0.0.1:" + port + "/");
            for (String url : urls) {
                HttpResponse<String> r = h.postJson("/v1/chat/completions", withImage(url));
                assertThat(r.statusCode()).as(url).isEqualTo(400);
                JsonNode error = Json.parse(r.body()).get("error");
                assertThat(error.get("type").asText()).as(url).isEqualTo("invalid_request_error");
                assertThat(error.get("code").asText()).as(url).isEqualTo("unsupported_media");
                assertThat(error.get("param").asText()).as(url).isEqualTo("messages[0].content[1].image_url.url");
                assertThat(error.get("message").asText()).as(url).isNotBlank();
            }
            assertThat(local.acceptedConnections()).as("connections to the loopback server").isZero();
            assertThat(alpha.calls.get()).as("provider calls").isZero();

            // the same server takes an image sent as a data URI: only where the bytes come from is refused
            HttpResponse<String> ok = h.postJson("/v1/chat/completions",
                    withImage("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG)));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("a image/png");
        }
    }

    @Test
    void saysWhyAnAddressIsRefused() throws Exception {
        try (Harness h = Harness.start(List.of(loadsImages()),
                Harness.clientConfig().media(MediaPolicy.untrusted(true)), b -> b.allowMediaUrls(true))) {
            assertThat(h.postJson("/v1/chat/completions", withImage("http://169.254.169.254/latest")).body())
                    .contains("image URLs to private or local addresses are refused: 169.254.169.254");
            assertThat(h.postJson("/v1/chat/completions", withImage("http://2130706433/")).body())
                    .contains("numeric host other than a dotted quad");
        }
    }
    /**
     * A generated image the server must download (for {@code b64_json}) is fetched only from a public
     * address or from the provider's own configured origin (a mirror or simulator it was pointed at):
     * a service cannot make the gateway fetch from its internal network.
     */
    @Test
    void generatedImagesAreDownloadedFromTheProvidersOwnOriginButNotFromOtherLocalHosts() throws Exception {
        try (LoopbackServer own = LoopbackServer.start((request, exchange) ->
                        Response.of(200).header("Content-Type", "image/png").body(PNG).handle(request, exchange));
                LoopbackServer internal = LoopbackServer.start((request, exchange) ->
                        Response.of(200).header("Content-Type", "image/png").body(PNG).handle(request, exchange))) {
            String[] url = {"http://127.0.0.1:" + own.port() + "/out/cat.png"};
            ScriptedProvider painter = ScriptedProvider.of("Painter",
                    (req, ctx, out) -> out.emit(new dev.g4j.ChatEvent.ImageOutput(List.of(url[0]), "a cat")));
            try (Harness h = Harness.start(List.of(painter), Harness.clientConfig()
                    .media(MediaPolicy.untrusted(false))
                    .option("Painter.base_url", "http://127.0.0.1:" + own.port() + "/api"), b -> { })) {
                String body = "{\"model\":\"painter-image\",\"prompt\":\"a cat\",\"response_format\":\"b64_json\"}";
                HttpResponse<String> ok = h.postJson("/v1/images/generations", body);
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(Base64.getDecoder().decode(Json.parse(ok.body()).at("/data/0/b64_json").asText())).isEqualTo(PNG);

                url[0] = "http://127.0.0.1:" + internal.port() + "/secret.png";
                HttpResponse<String> refused = h.postJson("/v1/images/generations", body);
                assertThat(refused.statusCode()).isEqualTo(502);
                assertThat(Json.parse(refused.body()).at("/error/code").asText()).isEqualTo("invalid_response");
                assertThat(refused.headers().firstValue("x-g4j-attempts")).hasValue("Painter=invalid_response");
                assertThat(internal.acceptedConnections()).as("connections to the other local server").isZero();
            }
        }
    }
}
