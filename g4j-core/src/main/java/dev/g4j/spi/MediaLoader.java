package dev.g4j.spi;

import dev.g4j.LoadedMedia;
import dev.g4j.Media;

/** Reads a {@link Media} into memory and checks it is an accepted image. */
@FunctionalInterface
public interface MediaLoader {

    /** @throws dev.g4j.UnsupportedMediaException when it cannot be read or is not an accepted image */
    LoadedMedia load(Media media);
}
