package dev.g4j.spi;

import java.util.List;

/**
 * Model names fetched from a service.
 *
 * @param text chat models
 * @param image image-generation models
 * @param vision chat models that take images (a subset of {@code text}, or empty when unknown)
 */
public record ModelList(List<String> text, List<String> image, List<String> vision) {
    public ModelList {
        text = List.copyOf(text);
        image = List.copyOf(image);
        vision = List.copyOf(vision);
    }
}
