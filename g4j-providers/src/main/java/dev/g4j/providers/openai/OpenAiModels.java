package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.MalformedResponseException;
import dev.g4j.ProviderOption;
import dev.g4j.http.Headers;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.Json;
import dev.g4j.http.Redaction;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.ModelList;
import dev.g4j.spi.ModelSource;
import dev.g4j.spi.Options;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model list of an OpenAI-compatible service: {@code GET {base_url}/models}, answered with
 * {@code {"object":"list","data":[{"id":...}, ...]}} (OpenAI) or a bare list (some compatible servers;
 * g4f's OpenaiTemplate accepts both, reference §9). Models are kept in the order the service lists them.
 *
 * <p>An entry is an image-generation model when it says so with a truthy {@code image} field (as g4f
 * reads it) or when its id names a known image family: {@code dall-e}, {@code gpt-image},
 * {@code flux}, {@code stable-diffusion}, {@code sdxl}, {@code sd3}, {@code imagen},
 * {@code kandinsky}, {@code playground-v}. Such models are sent to {@code /images/generations}.
 */
final class OpenAiModels implements ModelSource {
    private static final Pattern IMAGE_FAMILY = Pattern.compile(
            "(?i)(^|[/:_.-])(dall-e|gpt-image|flux|stable-diffusion|sdxl|sd3|imagen|kandinsky|playground-v)");

    @Override
    public ModelList fetch(CallContext ctx) {
        String base = ctx.options().url(ProviderOption.BASE_URL);
        Headers headers = OpenAiTemplate.headers(false, ctx.apiKey(), Headers.empty());
        return parse(ctx.http().json(HttpRequest.get(base + "/models").headers(headers).build()));
    }

    /** One fetch per base URL. */
    @Override
    public String cacheKey(Options options) {
        return options.find(ProviderOption.BASE_URL).orElse("");
    }

    /** The lists in an answer; an answer that is no model list at all is {@code invalid_response}. */
    static ModelList parse(JsonNode answer) {
        JsonNode data = answer.isArray() ? answer : answer.path("data");
        if (!data.isArray()) {
            throw MalformedResponseException.invalid(
                    "not a model list: " + Redaction.excerpt(answer.toString(), 120));
        }
        Set<String> text = new LinkedHashSet<>();
        Set<String> image = new LinkedHashSet<>();
        for (JsonNode entry : data) {
            String id = entry.isTextual() ? entry.asText() : Json.text(entry.get("id"));
            if (id.isBlank()) {
                continue;
            }
            (isImageModel(entry, id) ? image : text).add(id);
        }
        return new ModelList(new ArrayList<>(text), new ArrayList<>(image), List.of());
    }

    static boolean isImageModel(JsonNode entry, String id) {
        JsonNode flag = entry.path("image");
        return flag.asBoolean(false) || IMAGE_FAMILY.matcher(id).find();
    }
}
