package dev.g4j.providers.replicate;

import dev.g4j.ChatRequest;
import dev.g4j.ModelCatalog;
import dev.g4j.ModelNotFoundException;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.http.Headers;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.Json;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Options;
import dev.g4j.spi.Prompts;
import dev.g4j.spi.Provider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicate's homepage demo API ({@code homepage.replicate.com}, protocols.md §3): text with Gemma 2B and
 * images with three diffusion models, without a key. It creates a prediction and polls it.
 *
 * <p>g4f has marked it not working since early 2025 and the endpoints are probably retired, so it is
 * never in the automatic chain; it stays selectable by name or by model. Options: {@code base_url},
 * {@code poll_interval} (the wait between polls) and {@code max_polls} (the poll budget).
 */
public final class ReplicateHome implements Provider {
    public static final String NAME = "ReplicateHome";
    public static final String POLL_INTERVAL = "poll_interval";
    public static final String MAX_POLLS = "max_polls";

    private static final Logger LOG = LoggerFactory.getLogger(ReplicateHome.class);
    private static final String SITE = "https://replicate.com";
    private static final String TEXT_MODEL = "google-deepmind/gemma-2b-it";
    private static final String SD3 = "stability-ai/stable-diffusion-3";
    private static final String SDXL_LIGHTNING = "bytedance/sdxl-lightning-4step";
    private static final String PLAYGROUND = "playgroundai/playground-v2.5-1024px-aesthetic";

    /** The versions g4f pinned (its {@code model_versions}): the homepage API wants one with every model. */
    private static final Map<String, String> VERSIONS = Map.of(
            SD3, "527d2a6296facb8e47ba1eaf17f142c240c19a30894f437feee9b91cc29d8e4f",
            SDXL_LIGHTNING, "5f24084160c9089501c1b3545d9be3c27883ae2239b6f412990e82d4a6210f8f",
            PLAYGROUND, "a45f82a1382bed5c7aeb861dac7c7d191b0fdf74d8d57c4a0e6ed7d4d0bf7d24",
            TEXT_MODEL, "dff94eaf770e1fc211e425a50b51baa8e4cac6c39ef074681f9e39d778773626");

    /** The headers of g4f's session (G-RH); the content type goes on the polls too, as there. */
    private static final Headers HEADERS = Headers.of(
            "accept", "*/*",
            "accept-language", "en-US,en;q=0.9",
            "content-type", "application/json",
            "origin", SITE,
            "referer", SITE + "/",
            "user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/128.0.0.0 Safari/537.36");

    private static final ProviderInfo INFO = ProviderInfo.builder(NAME)
            .label("Replicate homepage")
            .url(SITE)
            .working(false)
            .needsAuth(false)
            .supportsStream(true)
            .models(ModelCatalog.builder()
                    .defaultModel(TEXT_MODEL)
                    .defaultImageModel(SD3)
                    .textModels(TEXT_MODEL)
                    .imageModels(SD3, SDXL_LIGHTNING, PLAYGROUND)
                    .alias("sd-3", SD3)
                    .alias("sdxl", SDXL_LIGHTNING)
                    .alias("playground-v2.5", PLAYGROUND)
                    .alias("gemma-2b", TEXT_MODEL)
                    .build())
            .option(ProviderOption.of(ProviderOption.BASE_URL, "https://homepage.replicate.com",
                    "the homepage API: POST {base_url}/api/prediction, GET {base_url}/api/poll?id=..."))
            .option(ProviderOption.of(POLL_INTERVAL, "5s", "the wait between two polls of a running prediction"))
            .option(ProviderOption.of(MAX_POLLS, "30", "how many polls a prediction gets before the call times out"))
            .build();

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws InterruptedException {
        String model = request.model();
        String version = VERSIONS.get(model);
        if (version == null) {
            throw new ModelNotFoundException(model, INFO.models().acceptedNames(), NAME);
        }
        if (!request.images().isEmpty()) {
            // the homepage API takes a prompt only; say so rather than drop the caller's images silently
            String note = NAME + " takes no images: left out " + request.images().size();
            LOG.warn("{}", note);
            out.status(note);
        }
        boolean image = INFO.models().isImageModel(model);
        String prompt = image
                ? request.imagePrompt().orElseGet(() -> Prompts.lastMessage(request.messages()))
                : Prompts.formatPrompt(request.messages());
        Options options = ctx.options();
        String base = options.url(ProviderOption.BASE_URL);
        PredictionPoller.Plan plan = new PredictionPoller.Plan(
                create(base, model, version, prompt),
                id -> HttpRequest.get(base + "/api/poll?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                        .headers(HEADERS).build(),
                options.duration(POLL_INTERVAL),
                options.integer(MAX_POLLS));
        new PredictionPoller(ctx, plan).run(image ? new ImageUrlOutput(prompt) : new TokenOutput(), out);
    }

    private static HttpRequest create(String base, String model, String version, String prompt) {
        var body = Json.object().put("model", model).put("version", version);
        body.putObject("input").put("prompt", prompt);
        return HttpRequest.post(base + "/api/prediction").headers(HEADERS).jsonOf(body).build();
    }
}
