package dev.g4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Images generated for one request, with the provider and model that made them.
 */
public record ImagesResult(List<GeneratedImage> images, String provider, String model, List<Attempt> attempts) {
    public ImagesResult {
        images = List.copyOf(images);
        Objects.requireNonNull(provider);
        Objects.requireNonNull(model);
        attempts = List.copyOf(attempts);
    }

    /**
     * Saves every image: into {@code target} when it is a directory (generated names), else to
     * {@code target} itself for one image and numbered siblings for more. Never overwrites.
     *
     * @return the paths written, in order
     */
    public List<Path> save(Path target) {
        List<Path> out = new ArrayList<>();
        boolean dir = Files.isDirectory(target);
        for (int i = 0; i < images.size(); i++) {
            out.add(images.get(i).save(target, dir ? i : 0));
        }
        return out;
    }
}
