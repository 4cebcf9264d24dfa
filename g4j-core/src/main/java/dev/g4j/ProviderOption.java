package dev.g4j;

import java.util.Objects;
import java.util.Optional;

/**
 * A named setting of a provider: a URL it contacts, a tunable, a credential. Set per call, with
 * {@code --option NAME=VALUE} (or {@code PROVIDER.NAME=VALUE}), with the environment variable
 * {@code G4J_<PROVIDER>_<NAME>}, or in the config file; else its default applies.
 *
 * @param defaultValue the value when nothing sets it; empty for options without a default
 * @param secret whether the value must never be shown (API keys, tokens)
 * @param required whether the provider cannot work without it (automatic chains skip a provider whose
 *     required options are not set; naming it explicitly gives a clear error)
 */
public record ProviderOption(
        String name, Optional<String> defaultValue, String description, boolean secret, boolean required) {
    public ProviderOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
    }

    /** An option with a default. */
    public static ProviderOption of(String name, String defaultValue, String description) {
        return new ProviderOption(name, Optional.of(defaultValue), description, false, false);
    }

    /** An option without a default. */
    public static ProviderOption optional(String name, String description) {
        return new ProviderOption(name, Optional.empty(), description, false, false);
    }

    /** An option without a default that the provider cannot work without. */
    public static ProviderOption required(String name, String description) {
        return new ProviderOption(name, Optional.empty(), description, false, true);
    }

    /** A secret without a default: an API key or a token. */
    public static ProviderOption secret(String name, String description) {
        return new ProviderOption(name, Optional.empty(), description, true, false);
    }

    /** The standard {@code api_key} option. */
    public static ProviderOption apiKey(String description) {
        return secret(API_KEY, description);
    }

    public static final String API_KEY = "api_key";
    public static final String PROXY = "proxy";
    public static final String TIMEOUT = "timeout";
    public static final String BASE_URL = "base_url";
}
