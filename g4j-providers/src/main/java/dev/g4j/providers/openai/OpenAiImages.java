package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ErrorKind;
import dev.g4j.InvalidRequestException;
import dev.g4j.MediaTypes;
import dev.g4j.UpstreamException;
import dev.g4j.http.Headers;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.Json;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Prompts;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Image generation on an OpenAI-compatible service: {@code POST {base}/images/generations} with
 * {@code prompt}, {@code model}, {@code n}, {@code size} and {@code response_format} (OpenAI API
 * reference, "Create image"; g4f's OpenaiTemplate image branch, reference §9), answered with
 * {@code {"data":[{"url":...} | {"b64_json":...}]}}. One image event carries every image: URLs as they
 * are, base64 as {@code data:} URIs (type sniffed from the bytes, PNG when unknown).
 *
 * <p>From the extras: {@code n}; {@code size}, else {@code width} and {@code height} as
 * {@code WIDTHxHEIGHT}; {@code response_format} only when given (the service's default otherwise:
 * gpt-image models reject it); any other JSON-valued extra ({@code quality}, {@code style},
 * {@code background}...) as it is.
 */
final class OpenAiImages {
    private static final Set<String> HANDLED = Set.of("prompt", "model", "width", "height", "size");

    private OpenAiImages() {}

    static void generate(String url, Headers headers, ChatRequest request, CallContext ctx, Emitter out) {
        String prompt = Prompts.formatMediaPrompt(request.messages(), request.imagePrompt()).strip();
        if (prompt.isEmpty()) {
            throw new InvalidRequestException("the image prompt is empty");
        }
        JsonNode answer = ctx.http().json(HttpRequest.post(url).headers(headers)
                .json(Json.write(body(request, prompt))).build());
        ErrorBodies.check(answer);
        List<String> urls = new ArrayList<>();
        for (JsonNode image : answer.path("data")) {
            String link = Json.text(image.get("url"));
            String b64 = Json.text(image.get("b64_json"));
            if (!link.isEmpty()) {
                urls.add(link);
            } else if (!b64.isEmpty()) {
                urls.add(dataUri(b64));
            }
        }
        if (urls.isEmpty()) {
            throw new UpstreamException(ErrorKind.EMPTY_OUTPUT, "the service answered without any image");
        }
        out.emit(new ChatEvent.ImageOutput(urls, prompt));
    }

    static ObjectNode body(ChatRequest request, String prompt) {
        ObjectNode body = Json.object().put("prompt", prompt).put("model", request.model());
        Map<String, Object> extras = request.extras();
        Object size = extras.get("size");
        if (size != null) {
            body.put("size", size.toString());
        } else if (extras.get("width") != null && extras.get("height") != null) {
            body.put("size", extras.get("width") + "x" + extras.get("height"));
        }
        ChatBody.addExtras(body, extras, HANDLED);
        return body;
    }

    /** A {@code data:} URI for base64 image bytes, its type sniffed from the first bytes. */
    static String dataUri(String base64) {
        String b64 = base64.replaceAll("\\s", "");
        String head = b64.substring(0, Math.min(b64.length(), 64));
        head = head.substring(0, head.length() - head.length() % 4);
        String type;
        try {
            type = MediaTypes.sniff(Base64.getDecoder().decode(head)).orElse("image/png");
        } catch (IllegalArgumentException e) {
            type = "image/png";
        }
        return "data:" + type + ";base64," + b64;
    }
}
