package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ErrorKind;
import dev.g4j.InvalidRequestException;
import dev.g4j.UpstreamException;
import dev.g4j.http.Headers;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.Json;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Prompts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DeepInfra's native image inference (protocols.md §1.4): {@code POST {base_url}/v1/inference/{model}}
 * with {@code {"prompt": ...}} and the model's optional fields, or, for models with the cog interface
 * ({@code stability-ai/sdxl}), the same fields wrapped in {@code {"input": {...}}}. g4f wraps only when
 * the model equals its text default, so it never wraps (defect §19.10); here the provider says which
 * models are cog models.
 *
 * <p>The images are {@code output}, else {@code images}, else {@code image_url}: a list or one string,
 * https URLs or data URIs; one image event carries them all. No image is {@code empty_output}.
 *
 * <p>From the request: {@code width}, {@code height}, {@code negative_prompt},
 * {@code num_inference_steps}, {@code guidance_scale}, {@code aspect_ratio} extras as they are; the seed
 * (the request's, else a {@code seed} extra); {@code n} above 1 as {@code num_images}
 * ({@code num_outputs} for cog models). Other extras are not sent: the endpoint validates its fields.
 */
final class DeepInfraImages {
    private static final List<String> PASSED = List.of(
            "width", "height", "negative_prompt", "num_inference_steps", "guidance_scale", "aspect_ratio");

    private DeepInfraImages() {}

    static void generate(String base, Headers headers, ChatRequest request, boolean cog, CallContext ctx,
            Emitter out) {
        String prompt = Prompts.formatMediaPrompt(request.messages(), request.imagePrompt()).strip();
        if (prompt.isEmpty()) {
            throw new InvalidRequestException("the image prompt is empty");
        }
        ObjectNode input = input(request, prompt, cog);
        ObjectNode body = cog ? Json.object().set("input", input) : input;
        String url = base + "/v1/inference/" + request.model();
        JsonNode answer = ctx.http().json(HttpRequest.post(url).headers(headers).json(Json.write(body)).build());
        ErrorBodies.check(answer);
        List<String> urls = images(answer);
        if (urls.isEmpty()) {
            throw new UpstreamException(ErrorKind.EMPTY_OUTPUT, "DeepInfra answered without any image");
        }
        out.emit(new ChatEvent.ImageOutput(urls, prompt));
    }

    static ObjectNode input(ChatRequest request, String prompt, boolean cog) {
        ObjectNode input = Json.object().put("prompt", prompt);
        Map<String, Object> extras = request.extras();
        for (String name : PASSED) {
            Object v = extras.get(name);
            JsonNode node = v == null ? null : ChatBody.toJson(v);
            if (node != null) {
                input.set(name, node);
            }
        }
        if (request.seed().isPresent()) {
            input.put("seed", request.seed().getAsLong());
        } else if (extras.get("seed") != null && ChatBody.toJson(extras.get("seed")) != null) {
            input.set("seed", ChatBody.toJson(extras.get("seed")));
        }
        Object n = extras.get("n");
        if (n instanceof Number count && count.intValue() > 1) {
            input.put(cog ? "num_outputs" : "num_images", count.intValue());
        }
        return input;
    }

    /** The first non-empty of {@code output}, {@code images}, {@code image_url}, as a list of strings. */
    static List<String> images(JsonNode answer) {
        for (String field : List.of("output", "images", "image_url")) {
            List<String> urls = new ArrayList<>();
            JsonNode value = answer.path(field);
            if (value.isTextual()) {
                urls.add(value.asText());
            } else if (value.isArray()) {
                value.forEach(v -> {
                    if (v.isTextual() && !v.asText().isBlank()) {
                        urls.add(v.asText());
                    }
                });
            }
            urls.removeIf(String::isBlank);
            if (!urls.isEmpty()) {
                return urls;
            }
        }
        return List.of();
    }
}
