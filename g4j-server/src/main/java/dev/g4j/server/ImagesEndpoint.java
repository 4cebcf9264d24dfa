package dev.g4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.G4jException;
import dev.g4j.GeneratedImage;
import dev.g4j.ImageRequest;
import dev.g4j.ImagesResult;
import dev.g4j.http.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /v1/images/generations}: prompt, model, n, size, {@code response_format} ({@code url} or
 * {@code b64_json}), plus the extensions {@code provider} and {@code api_key}, and {@code seed},
 * {@code negative_prompt}, {@code aspect_ratio}, {@code quality}, {@code style} passed to providers.
 */
final class ImagesEndpoint {
    private static final List<String> PASS_THROUGH = List.of("seed", "negative_prompt", "aspect_ratio", "quality",
            "style", "background", "output_format");

    private final ServerState state;

    ImagesEndpoint(ServerState state) {
        this.state = state;
    }

    void handle(ServerRequest req, ServerResponse res, Call call) {
        ImageRequest request = parse(JsonFields.parseObject(state.body(req)), state.config.requestTimeout());
        call.served(request.provider().isEmpty() ? "-" : request.provider(), request.model());
        state.acquire();
        Thread handler = Thread.currentThread();
        DisconnectWatcher.Watch watch = state.watcher.watch(call, state.probe.socket(req).orElse(null), handler::interrupt);
        ImagesResult result;
        G4jException failure = null;
        boolean probed;
        try {
            result = state.client.images().generate(request);
        } catch (G4jException e) {
            result = null;
            failure = e;
        } finally {
            probed = watch.startOutput();
            watch.close();
            Thread.interrupted(); // a disconnect interrupt must not leak into the connection's next request
            state.release();
        }
        Call.closeIf(probed, res);
        if (failure != null) {
            if (watch.disconnected()) {
                state.metrics.disconnect();
                call.status = 499;
                call.log(false, "client disconnected; upstream call cancelled");
                Call.abandon(res);
                return;
            }
            state.metrics.error(call.endpoint, failure.kind().wireName());
            call.served(failure.provider().orElse(call.provider), call.model);
            ApiError error = Errors.of(failure);
            Call.attemptsHeader(res, attempts(failure, call), null);
            call.log(error.status() >= 500, "failed: {} {}", error.status(), failure.describe());
            Call.error(res, error);
            return;
        }
        state.recordAttempts(result.attempts());
        call.served(result.provider(), result.model());
        state.metrics.latency(call.endpoint, result.provider(), result.model(), System.nanoTime() - call.startNanos);
        res.header(Call.PROVIDER, Call.headerValue(result.provider()));
        res.header(Call.MODEL, Call.headerValue(result.model()));
        Call.attemptsHeader(res, result.attempts(), result.provider());
        Call.json(res, 200, body(result, request.format()));
        call.status = 200;
        call.log(false, "{} image(s) in {} ms", result.images().size(), call.elapsedMillis());
    }

    /** The attempts behind a failure: every one of a failed chain, or the one provider that failed. */
    private static List<dev.g4j.Attempt> attempts(G4jException failure, Call call) {
        if (failure instanceof dev.g4j.AllProvidersFailedException all) {
            return all.attempts();
        }
        return failure.provider().map(p -> List.of(new dev.g4j.Attempt(p, call.model,
                Duration.ofNanos(System.nanoTime() - call.startNanos), Optional.of(failure)))).orElse(List.of());
    }

    /** Reads an {@code images.generations} body; every mistake is a 400 naming the field. */
    static ImageRequest parse(JsonNode root, Optional<Duration> timeout) {
        String prompt = JsonFields.string(root, "prompt", "prompt")
                .orElseThrow(() -> ApiException.badRequest("'prompt' is required", "prompt"));
        if (prompt.isBlank()) {
            throw ApiException.badRequest("'prompt' is empty", "prompt");
        }
        ImageRequest.Builder b = ImageRequest.builder(prompt);
        JsonFields.string(root, "model", "model").ifPresent(b::model);
        JsonFields.string(root, "provider", "provider").ifPresent(b::provider);
        JsonFields.string(root, "api_key", "api_key").filter(s -> !s.isBlank()).ifPresent(b::apiKey);
        JsonFields.integer(root, "n", 1, 10).ifPresent(n -> b.n((int) n));
        JsonFields.string(root, "size", "size").filter(s -> !s.equalsIgnoreCase("auto")).ifPresent(size -> {
            try {
                b.size(size);
            } catch (G4jException e) {
                throw ApiException.badRequest("'size' must look like 1024x1024: " + size, "size");
            }
        });
        String format = JsonFields.string(root, "response_format", "response_format").orElse("url")
                .toLowerCase(Locale.ROOT);
        switch (format) {
            case "url" -> b.format(ImageRequest.Format.URL);
            case "b64_json" -> b.format(ImageRequest.Format.B64_JSON);
            default -> throw ApiException.badRequest("'response_format' must be url or b64_json: " + format,
                    "response_format");
        }
        for (String name : PASS_THROUGH) {
            JsonNode v = root.get(name);
            if (JsonFields.present(v)) {
                b.extra(name, Json.toJava(v));
            }
        }
        timeout.ifPresent(b::timeout);
        return b.build();
    }

    private byte[] body(ImagesResult result, ImageRequest.Format format) {
        JsonBytes j = new JsonBytes(256);
        j.ascii("{\"created\":").number(state.clock.millis() / 1000).ascii(",\"data\":[");
        List<GeneratedImage> images = result.images();
        for (int i = 0; i < images.size(); i++) {
            GeneratedImage img = images.get(i);
            j.ascii(i == 0 ? "{" : ",{");
            if (format == ImageRequest.Format.B64_JSON && img.b64Json().isPresent()) {
                j.ascii("\"b64_json\":").string(img.b64Json().get());
            } else {
                j.ascii("\"url\":").string(img.url());
            }
            j.ascii(",\"revised_prompt\":").string(img.prompt()).ascii("}");
        }
        j.ascii("],\"model\":").string(result.model()).ascii(",\"provider\":").string(result.provider()).ascii("}");
        return j.toByteArray();
    }
}
