package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.MalformedResponseException;
import dev.g4j.ProviderOption;
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

/**
 * DeepInfra's featured models: {@code GET {base_url}/models/featured}, public, a JSON array of model
 * objects (protocols.md §1.1). g4f's rule: {@code type == "text-generation"} is a chat model, otherwise
 * {@code reported_type == "text-to-image"} is an image model, everything else (embeddings, speech) is
 * ignored. Unlike g4f, an entry without {@code model_name}, {@code type} or {@code reported_type} is
 * skipped instead of failing the whole list (fixture {@code models_featured_edge}). Chat models tagged
 * {@code vision}, or whose {@code reported_type} is {@code image-text-to-text}, are vision models.
 * Deprecated entries are kept, as g4f keeps them.
 *
 * <p>The featured list is a small part of what DeepInfra serves, so the built-in list is kept after it.
 */
final class DeepInfraModels implements ModelSource {
    private final ModelList builtIn;

    DeepInfraModels(ModelList builtIn) {
        this.builtIn = builtIn;
    }

    @Override
    public ModelList fetch(CallContext ctx) {
        String url = ctx.options().url(ProviderOption.BASE_URL) + "/models/featured";
        JsonNode answer = ctx.http().json(HttpRequest.get(url).header("Accept", "application/json").build());
        return merge(parse(answer), builtIn);
    }

    /** One fetch per base URL. */
    @Override
    public String cacheKey(Options options) {
        return options.find(ProviderOption.BASE_URL).orElse("");
    }

    /** The lists of a featured-models answer; anything but an array is {@code invalid_response}. */
    static ModelList parse(JsonNode answer) {
        if (!answer.isArray()) {
            throw MalformedResponseException.invalid(
                    "the featured models are not a list: " + Redaction.excerpt(answer.toString(), 120));
        }
        List<String> text = new ArrayList<>();
        List<String> image = new ArrayList<>();
        List<String> vision = new ArrayList<>();
        for (JsonNode m : answer) {
            String name = Json.text(m.get("model_name"));
            String type = Json.text(m.get("type"));
            String reported = Json.text(m.get("reported_type"));
            if (name.isBlank()) {
                continue;
            }
            if (type.equals("text-generation")) {
                text.add(name);
                if (reported.equals("image-text-to-text") || hasTag(m, "vision")) {
                    vision.add(name);
                }
            } else if (reported.equals("text-to-image")) {
                image.add(name);
            }
        }
        return new ModelList(text, image, vision);
    }

    private static boolean hasTag(JsonNode model, String tag) {
        for (JsonNode t : model.path("tags")) {
            if (t.asText().equalsIgnoreCase(tag)) {
                return true;
            }
        }
        return false;
    }

    /** The fetched lists, then the built-in names they lack. */
    static ModelList merge(ModelList fetched, ModelList builtIn) {
        return new ModelList(union(fetched.text(), builtIn.text()), union(fetched.image(), builtIn.image()),
                union(fetched.vision(), builtIn.vision()));
    }

    private static List<String> union(List<String> first, List<String> then) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }
}
