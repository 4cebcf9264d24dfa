package dev.g4j.providers.dynaspark;

import dev.g4j.ChatRequest;
import dev.g4j.LoadedMedia;
import dev.g4j.Media;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.http.Body;
import dev.g4j.http.Headers;
import dev.g4j.http.HttpRequest;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Options;
import dev.g4j.spi.Prompts;
import dev.g4j.spi.Provider;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynaspark ({@code dynaspark.onrender.com}, protocols.md §4): Gemini models behind one form POST, no
 * key, with an optional image. The whole answer arrives in one piece.
 *
 * <p>Options: {@code base_url} and {@code path}; the form moved from {@code /generate_response} to
 * {@code /dsai_fuck_u_spammer} on 2025-05-12 and may move again. The model is resolved through the
 * catalog, aliases included (g4f sent the caller's string as given).
 */
public final class Dynaspark implements Provider {
    public static final String NAME = "Dynaspark";
    public static final String PATH = "path";

    private static final Logger LOG = LoggerFactory.getLogger(Dynaspark.class);
    private static final String SITE = "https://dynaspark.onrender.com";
    private static final String FLASH = "gemini-1.5-flash";
    private static final String FLASH_8B = "gemini-1.5-flash-8b";
    private static final String FLASH_2 = "gemini-2.0-flash";
    private static final String FLASH_2_LITE = "gemini-2.0-flash-lite";

    /** The headers of g4f's session (G-DS), a browser's XMLHttpRequest from the site's page. */
    private static final Headers HEADERS = Headers.of(
            "accept", "*/*",
            "accept-language", "en-US,en;q=0.9",
            "origin", SITE,
            "referer", SITE + "/",
            "user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/133.0.0.0 Safari/537.36",
            "x-requested-with", "XMLHttpRequest");

    /**
     * g4f's four models, each also taking images. g4f's aliases mapped gemini-1.5-flash and
     * gemini-2.0-flash onto other models of the list, which would make those two unreachable once aliases
     * are applied; the aliases here are the Gemini API's own names of the same models instead.
     */
    private static final ModelCatalog MODELS = ModelCatalog.builder()
            .defaultModel(FLASH)
            .defaultVisionModel(FLASH)
            .textModels(FLASH, FLASH_8B, FLASH_2, FLASH_2_LITE)
            .visionModels(FLASH, FLASH_8B, FLASH_2, FLASH_2_LITE)
            .alias("gemini-1.5-flash-latest", FLASH)
            .alias("gemini-1.5-flash-8b-latest", FLASH_8B)
            .alias("gemini-2.0-flash-001", FLASH_2)
            .alias("gemini-2.0-flash-lite-001", FLASH_2_LITE)
            .build();

    private static final ProviderInfo INFO = ProviderInfo.builder(NAME)
            .label("Dynaspark")
            .url(SITE)
            .working(true)
            .needsAuth(false)
            .supportsStream(false)
            .supportsSystemMessage(false)
            .supportsMessageHistory(false)
            .models(MODELS)
            .option(ProviderOption.of(ProviderOption.BASE_URL, SITE, "the site the form is posted to"))
            .option(ProviderOption.of(PATH, "/dsai_fuck_u_spammer",
                    "the form's path on base_url (it was /generate_response until 2025-05-12)"))
            .build();

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) {
        List<Media> images = request.images();
        if (images.size() > 1) {
            String note = NAME + " takes one image: sending the first, leaving out the other " + (images.size() - 1);
            LOG.warn("{}", note);
            out.status(note);
        }
        Optional<LoadedMedia> file = images.isEmpty() ? Optional.empty() : Optional.of(ctx.load(images.getFirst()));
        List<Body.Field> fields = List.of(
                new Body.Field("user_input", Prompts.formatPrompt(request.messages())),
                new Body.Field("ai_model", request.model()));
        out.text(FormPost.send(ctx, FormPost.request(endpoint(ctx.options()), HEADERS, fields, file)));
    }

    /** {@code base_url} joined with {@code path}. */
    static String endpoint(Options options) {
        String path = options.require(PATH).strip();
        return options.url(ProviderOption.BASE_URL) + (path.startsWith("/") ? path : "/" + path);
    }
}
