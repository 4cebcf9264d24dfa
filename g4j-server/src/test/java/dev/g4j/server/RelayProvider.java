package dev.g4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.Message;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Json;
import dev.g4j.http.SseEvent;
import dev.g4j.http.SseReader;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;

/**
 * A test-only, minimal OpenAI-compatible provider that relays a real SSE upstream (the testkit's
 * {@code OpenAiSimulator}) through the core's transport, so server tests see real sockets upstream: the
 * simulator records what we sent (the Authorization header) and sees us hang up. Options:
 * {@code base_url} (required) and {@code api_key}. Not a substitute for the real
 * {@code OpenAICompatible} provider; see {@code RealProvidersIT}.
 */
final class RelayProvider implements Provider {
    private final ProviderInfo info;

    RelayProvider(String name) {
        this(name, java.util.List.of("g4j-sim-model"));
    }

    RelayProvider(String name, java.util.List<String> models) {
        this.info = ProviderInfo.builder(name)
                .models(ModelCatalog.builder().defaultModel(models.getFirst()).textModels(models.toArray(String[]::new))
                        .build())
                .option(ProviderOption.required("base_url", "the OpenAI-compatible API base"))
                .option(ProviderOption.apiKey("the upstream's key"))
                .build();
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws Exception {
        ObjectNode body = Json.object().put("model", request.model()).put("stream", request.stream());
        if (request.stream()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.text());
        }
        HttpRequest.Builder http = HttpRequest.post(ctx.options().require("base_url") + "/chat/completions")
                .header("Accept", "text/event-stream")
                .json(body.toString());
        ctx.apiKey().ifPresent(k -> http.header("Authorization", "Bearer " + k));
        if (!request.stream()) {
            JsonNode answer = ctx.http().json(http.build());
            out.text(answer.at("/choices/0/message/content").asText(""));
            JsonNode u = answer.path("usage");
            out.emit(ChatEvent.Usage.of(u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong()));
            out.finish(answer.at("/choices/0/finish_reason").asText("stop"));
            return;
        }
        try (HttpResponse response = ctx.http().send(http.build())) {
            HttpErrors.check(response, info.name());
            try (SseReader sse = new SseReader(response.body())) {
                for (SseEvent e = sse.next(); e != null && !e.isDone(); e = sse.next()) {
                    chunk(Json.parse(e.data()), out);
                }
            }
        }
        out.finish("stop");
    }

    private static void chunk(JsonNode c, Emitter out) {
        if (c.path("usage").isObject()) {
            JsonNode u = c.get("usage");
            out.emit(ChatEvent.Usage.of(u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong()));
        }
        for (JsonNode choice : c.path("choices")) {
            JsonNode d = choice.path("delta");
            if (d.path("reasoning_content").isTextual()) {
                out.reasoning(d.get("reasoning_content").textValue());
            }
            if (d.path("content").isTextual()) {
                out.text(d.get("content").textValue());
            }
        }
    }
}
