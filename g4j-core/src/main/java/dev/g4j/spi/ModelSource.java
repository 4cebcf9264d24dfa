package dev.g4j.spi;

/**
 * Fetches a provider's model list from its service (DeepInfra's featured list, say). The catalog calls
 * it lazily, once per {@link #cacheKey}, and keeps the built-in list when it fails.
 */
public interface ModelSource {

    /** Fetches the list; any failure keeps the built-in list in use. */
    ModelList fetch(CallContext ctx);

    /** What the result depends on, typically the base URL option; equal keys share one fetch. */
    default String cacheKey(Options options) {
        return "";
    }
}
