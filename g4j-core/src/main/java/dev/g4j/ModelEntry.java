package dev.g4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One model name as the registry knows it: the providers that serve it and what it does.
 *
 * @param aliasOf the real name when this entry is an alias
 */
public record ModelEntry(
        String name, List<String> providers, boolean text, boolean image, boolean vision, Optional<String> aliasOf) {
    public ModelEntry {
        Objects.requireNonNull(name, "name");
        providers = List.copyOf(providers);
        Objects.requireNonNull(aliasOf, "aliasOf");
    }
}
