package dev.g4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider is and can do: its names and URLs, the capability flags of g4f, its model catalog and
 * its options. Every provider also takes {@code proxy} and {@code timeout}; they are added here when the
 * provider does not declare them.
 *
 * @param name the name used to select it ({@code DeepInfra}); compared case-insensitively
 * @param label a display name
 * @param url the service's site
 * @param loginUrl where to get a key or log in, when there is such a place
 * @param working whether the service is known to work (non-working providers are never in the default chain)
 * @param needsAuth whether an API key is required
 * @param supportsStream whether answers arrive incrementally from the service
 * @param supportsSystemMessage whether system messages are honoured
 * @param supportsMessageHistory whether earlier turns are sent along
 */
public record ProviderInfo(
        String name,
        String label,
        String url,
        Optional<String> loginUrl,
        boolean working,
        boolean needsAuth,
        boolean supportsStream,
        boolean supportsSystemMessage,
        boolean supportsMessageHistory,
        ModelCatalog models,
        List<ProviderOption> options) {

    public ProviderInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(loginUrl, "loginUrl");
        Objects.requireNonNull(models, "models");
        List<ProviderOption> all = new ArrayList<>(options);
        if (all.stream().noneMatch(o -> o.name().equals(ProviderOption.PROXY))) {
            all.add(ProviderOption.optional(ProviderOption.PROXY,
                    "proxy URL: http://, https:// or socks5://user:pass@host:port"));
        }
        if (all.stream().noneMatch(o -> o.name().equals(ProviderOption.TIMEOUT))) {
            all.add(ProviderOption.optional(ProviderOption.TIMEOUT, "total deadline of a call, e.g. 90s or 5m"));
        }
        options = List.copyOf(all);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Whether it answers about images given as input. */
    public boolean supportsVision() {
        return !models.visionModels().isEmpty();
    }

    /** Whether it generates images. */
    public boolean supportsImages() {
        return !models.imageModels().isEmpty();
    }

    public Optional<ProviderOption> option(String optionName) {
        return options.stream().filter(o -> o.name().equals(optionName)).findFirst();
    }

    /** Builds a {@link ProviderInfo}; flags default to g4f's defaults except {@code working} and streaming. */
    public static final class Builder {
        private final String name;
        private String label;
        private String url = "";
        private String loginUrl;
        private boolean working = true;
        private boolean needsAuth;
        private boolean supportsStream = true;
        private boolean supportsSystemMessage = true;
        private boolean supportsMessageHistory = true;
        private ModelCatalog models = ModelCatalog.builder().build();
        private final List<ProviderOption> options = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.label = name;
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder loginUrl(String loginUrl) {
            this.loginUrl = loginUrl;
            return this;
        }

        public Builder working(boolean working) {
            this.working = working;
            return this;
        }

        public Builder needsAuth(boolean needsAuth) {
            this.needsAuth = needsAuth;
            return this;
        }

        public Builder supportsStream(boolean v) {
            this.supportsStream = v;
            return this;
        }

        public Builder supportsSystemMessage(boolean v) {
            this.supportsSystemMessage = v;
            return this;
        }

        public Builder supportsMessageHistory(boolean v) {
            this.supportsMessageHistory = v;
            return this;
        }

        public Builder models(ModelCatalog models) {
            this.models = models;
            return this;
        }

        public Builder option(ProviderOption option) {
            options.add(option);
            return this;
        }

        public ProviderInfo build() {
            return new ProviderInfo(name, label, url, Optional.ofNullable(loginUrl), working, needsAuth,
                    supportsStream, supportsSystemMessage, supportsMessageHistory, models, options);
        }
    }
}
