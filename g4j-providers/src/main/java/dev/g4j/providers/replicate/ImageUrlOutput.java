package dev.g4j.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.UpstreamException;
import dev.g4j.http.Json;
import dev.g4j.spi.Emitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An image model's output: a list of https URLs once the prediction succeeded (protocols.md §3). Every
 * URL goes into one image item (g4f kept only the first); an empty or null list is {@code empty_output}
 * (g4f crashed with IndexError).
 */
final class ImageUrlOutput implements PredictionOutput {
    private final String prompt;

    ImageUrlOutput(String prompt) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    @Override
    public void running(JsonNode output, Emitter out) {
        // images arrive only with success
    }

    @Override
    public void succeeded(JsonNode output, Emitter out) {
        List<String> urls = new ArrayList<>();
        if (output.isArray()) {
            output.forEach(u -> add(Json.text(u), urls));
        } else {
            add(Json.text(output), urls);
        }
        if (urls.isEmpty()) {
            throw new UpstreamException(ErrorKind.EMPTY_OUTPUT, "the prediction succeeded without an image");
        }
        out.emit(new ChatEvent.ImageOutput(urls, prompt));
    }

    private static void add(String url, List<String> urls) {
        if (!url.isBlank()) {
            urls.add(url.strip());
        }
    }
}
