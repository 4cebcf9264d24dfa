package dev.g4j;

import dev.g4j.internal.Completions;
import dev.g4j.internal.Engine;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/** Image generation. */
public final class Images {
    private final Engine engine;

    Images(Engine engine) {
        this.engine = engine;
    }

    /**
     * Generates images. A provider that answers without any image is an {@code empty_output} failure;
     * with {@link ImageRequest.Format#B64_JSON} every image is downloaded (through the provider's proxy)
     * and encoded.
     */
    public ImagesResult generate(ImageRequest request) {
        return generate(request, e -> { });
    }

    /**
     * Generates images as {@link #generate(ImageRequest)} does, and shows every event of the call to
     * {@code onEvent} as it arrives (status words, {@link ChatEvent.Progress progress}, the image events),
     * so a front end can draw progress. Runs on the caller's thread; interrupting it cancels the call.
     */
    public ImagesResult generate(ImageRequest request, Consumer<? super ChatEvent> onEvent) {
        ChatCompletion done;
        try (ChatStream stream = engine.stream(request.toChatRequest())) {
            done = Completions.collect(stream, onEvent);
        }
        String provider = done.provider();
        List<GeneratedImage> images = new ArrayList<>();
        for (ChatEvent.ImageOutput out : done.images()) {
            for (String url : out.urls()) {
                String prompt = out.prompt().isEmpty() ? request.prompt() : out.prompt();
                GeneratedImage img = new GeneratedImage(url, null, prompt, provider, u -> engine.download(provider, u));
                if (request.format() == ImageRequest.Format.B64_JSON) {
                    img = new GeneratedImage(url, Base64.getEncoder().encodeToString(img.bytes()), prompt,
                            provider, u -> engine.download(provider, u));
                }
                images.add(img);
            }
        }
        if (images.isEmpty()) {
            throw new UpstreamException(ErrorKind.EMPTY_OUTPUT, "no image was generated").attachProvider(provider);
        }
        return new ImagesResult(images, provider, done.model(), done.attempts());
    }
}
