package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatRequest;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.Task;
import dev.g4j.http.Headers;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.ModelList;
import dev.g4j.spi.Provider;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * DeepInfra (g4f's {@code needs_auth/DeepInfra}; protocols.md §1): OpenAI-compatible chat under
 * {@code {base_url}/v1/openai}, the featured model list at {@code {base_url}/models/featured}, and image
 * models through the native inference endpoint {@code {base_url}/v1/inference/{model}}.
 *
 * <p>Options: {@code base_url} (default {@code https://api.deepinfra.com}), {@code api_key} (required:
 * without it nothing is sent), {@code cog_models} (comma-separated models whose inference body is wrapped
 * in {@code {"input": ...}}; default {@code stability-ai/sdxl}). Chat defaults: temperature 0.7 and
 * max_tokens 1028 unless the request gives them.
 */
public final class DeepInfra implements Provider {
    /** The provider's name. */
    public static final String NAME = "DeepInfra";
    static final String COG_MODELS = "cog_models";

    private static final ChatBody.Defaults DEFAULTS = new ChatBody.Defaults(OptionalDouble.of(0.7), OptionalInt.of(1028));

    /**
     * The browser-like extras g4f sends (protocols.md §1.2), which the server does not need. Not its
     * {@code Accept-Encoding: gzip, deflate, br}: the transport negotiates the encodings it can decode.
     */
    private static final Headers BROWSER = Headers.of(
            "Origin", "https://deepinfra.com",
            "Referer", "https://deepinfra.com/",
            "X-Deepinfra-Source", "web-embed",
            "Accept-Language", "en-US",
            "User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/119.0.0.0 Safari/537.36");

    private static final List<String> TEXT = List.of(
            "meta-llama/Meta-Llama-3.1-70B-Instruct", "meta-llama/Meta-Llama-3.1-8B-Instruct",
            "meta-llama/Llama-3.3-70B-Instruct", "meta-llama/Llama-3.2-90B-Vision-Instruct",
            "meta-llama/Llama-3.2-11B-Vision-Instruct", "deepseek-ai/DeepSeek-R1-0528", "deepseek-ai/DeepSeek-V3",
            "Qwen/Qwen2.5-72B-Instruct", "Qwen/Qwen2.5-VL-32B-Instruct", "mistralai/Mixtral-8x7B-Instruct-v0.1");
    private static final List<String> VISION = List.of(
            "meta-llama/Llama-3.2-90B-Vision-Instruct", "meta-llama/Llama-3.2-11B-Vision-Instruct",
            "Qwen/Qwen2.5-VL-32B-Instruct");
    private static final List<String> IMAGE = List.of(
            "stabilityai/sd3.5", "black-forest-labs/FLUX-1-schnell", "black-forest-labs/FLUX-1-dev",
            "black-forest-labs/FLUX-1.1-pro", "stability-ai/sdxl", "stabilityai/sdxl-turbo");

    private final ProviderInfo info = ProviderInfo.builder(NAME)
            .label("DeepInfra")
            .url("https://deepinfra.com")
            .loginUrl("https://deepinfra.com/dash/api_keys")
            .working(true)
            .needsAuth(true)
            .models(catalog())
            .option(ProviderOption.of(ProviderOption.BASE_URL, "https://api.deepinfra.com",
                    "DeepInfra's API root: chat under /v1/openai, models at /models/featured, images at /v1/inference"))
            .option(ProviderOption.apiKey("DeepInfra API key (https://deepinfra.com/dash/api_keys)"))
            .option(ProviderOption.of(COG_MODELS, "stability-ai/sdxl",
                    "comma-separated image models with the cog interface (inference body wrapped in {\"input\": ...})"))
            .build();

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws IOException {
        // needs_auth: a missing key fails here, before anything is sent (protocols.md §1.2)
        String key = ctx.options().require(ProviderOption.API_KEY);
        String base = ctx.options().url(ProviderOption.BASE_URL);
        if (request.task() == Task.IMAGE || info.models().isImageModel(request.model(), ctx)) {
            Headers headers = OpenAiTemplate.headers(false, Optional.of(key), BROWSER);
            DeepInfraImages.generate(base, headers, request, isCog(request.model(), ctx), ctx, out);
            return;
        }
        ObjectNode body = OpenAiTemplate.chatBody(request, ctx, DEFAULTS);
        Headers headers = OpenAiTemplate.headers(request.stream(), Optional.of(key), BROWSER);
        OpenAiTemplate.chat(base + "/v1/openai/chat/completions", headers, body, ctx, out);
    }

    private static boolean isCog(String model, CallContext ctx) {
        String list = ctx.options().find(COG_MODELS).orElse("");
        return Arrays.stream(list.split(",")).map(String::strip).anyMatch(m -> m.equalsIgnoreCase(model));
    }

    /** The built-in lists (fixtures and seed 000) and g4f-style short names ({@code g4f/models.py}). */
    private static ModelCatalog catalog() {
        return ModelCatalog.builder()
                .defaultModel("meta-llama/Meta-Llama-3.1-70B-Instruct")
                .defaultImageModel("stabilityai/sd3.5")
                .defaultVisionModel("meta-llama/Llama-3.2-90B-Vision-Instruct")
                .textModels(TEXT.toArray(String[]::new))
                .visionModels(VISION.toArray(String[]::new))
                .imageModels(IMAGE.toArray(String[]::new))
                .alias("llama-3.1-70b", "meta-llama/Meta-Llama-3.1-70B-Instruct")
                .alias("llama-3.1-8b", "meta-llama/Meta-Llama-3.1-8B-Instruct")
                .alias("llama-3.3-70b", "meta-llama/Llama-3.3-70B-Instruct")
                .alias("llama-3.2-90b", "meta-llama/Llama-3.2-90B-Vision-Instruct")
                .alias("deepseek-r1", "deepseek-ai/DeepSeek-R1-0528")
                .alias("deepseek-v3", "deepseek-ai/DeepSeek-V3")
                .alias("sd-3.5", "stabilityai/sd3.5")
                .alias("flux-schnell", "black-forest-labs/FLUX-1-schnell")
                .alias("flux-dev", "black-forest-labs/FLUX-1-dev")
                .alias("sdxl", "stability-ai/sdxl")
                .remote(new DeepInfraModels(new ModelList(TEXT, IMAGE, VISION)))
                .build();
    }
}
