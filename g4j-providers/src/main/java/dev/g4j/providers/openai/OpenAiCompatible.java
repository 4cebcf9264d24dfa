package dev.g4j.providers.openai;

import dev.g4j.ChatRequest;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.Task;
import dev.g4j.http.Headers;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;
import java.io.IOException;

/**
 * Any service that speaks OpenAI's API: OpenAI itself, Groq, OpenRouter, Ollama, LM Studio, vLLM...
 * Chat at {@code {base_url}/chat/completions}, models from {@code {base_url}/models} (fetched once per
 * base URL; without a model name the first one listed is used), images at
 * {@code {base_url}/images/generations} for image tasks and image models (see {@link OpenAiModels} for
 * how one is recognised).
 *
 * <p>Options: {@code base_url} (required, no default: e.g. {@code https://api.openai.com/v1} or
 * {@code http://localhost:11434/v1}; automatic chains skip this provider until it is set) and
 * {@code api_key} (optional, sent as a bearer token).
 */
public final class OpenAiCompatible implements Provider {
    /** The provider's name. */
    public static final String NAME = "OpenAICompatible";

    private final ProviderInfo info = ProviderInfo.builder(NAME)
            .label("OpenAI-compatible API")
            .url("https://platform.openai.com/docs/api-reference/chat")
            .working(true)
            .needsAuth(false)
            .models(ModelCatalog.builder().remote(new OpenAiModels()).build())
            .option(ProviderOption.required(ProviderOption.BASE_URL,
                    "API root of the service, e.g. https://api.openai.com/v1 or http://localhost:11434/v1"))
            .option(ProviderOption.apiKey("API key of the service, sent as a bearer token (optional)"))
            .build();

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws IOException {
        String base = ctx.options().url(ProviderOption.BASE_URL);
        if (request.task() == Task.IMAGE || info.models().isImageModel(request.model(), ctx)) {
            Headers headers = OpenAiTemplate.headers(false, ctx.apiKey(), Headers.empty());
            OpenAiImages.generate(base + "/images/generations", headers, request, ctx, out);
            return;
        }
        Headers headers = OpenAiTemplate.headers(request.stream(), ctx.apiKey(), Headers.empty());
        OpenAiTemplate.chat(base + "/chat/completions", headers, OpenAiTemplate.chatBody(request, ctx,
                ChatBody.Defaults.NONE), ctx, out);
    }
}
