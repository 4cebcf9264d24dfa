package dev.g4j;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for generated images: a prompt, optionally a model and provider, how many, what size, and
 * how the images come back ({@link Format#URL} as the service gave them, or {@link Format#B64_JSON}
 * downloaded and encoded).
 */
public final class ImageRequest {
    /** How images are returned. */
    public enum Format {
        URL,
        B64_JSON
    }

    private final String prompt;
    private final String model;
    private final String provider;
    private final int n;
    private final Integer width;
    private final Integer height;
    private final Format format;
    private final String apiKey;
    private final Duration timeout;
    private final Map<String, Object> extras;

    private ImageRequest(Builder b) {
        this.prompt = b.prompt;
        this.model = b.model;
        this.provider = b.provider;
        this.n = b.n;
        this.width = b.width;
        this.height = b.height;
        this.format = b.format;
        this.apiKey = b.apiKey;
        this.timeout = b.timeout;
        this.extras = Map.copyOf(b.extras);
    }

    public static Builder builder(String prompt) {
        return new Builder(prompt);
    }

    public static ImageRequest of(String prompt) {
        return builder(prompt).build();
    }

    public String prompt() {
        return prompt;
    }

    public String model() {
        return model;
    }

    public String provider() {
        return provider;
    }

    public int n() {
        return n;
    }

    public Optional<Integer> width() {
        return Optional.ofNullable(width);
    }

    public Optional<Integer> height() {
        return Optional.ofNullable(height);
    }

    public Format format() {
        return format;
    }

    /** The equivalent chat request: an image task whose prompt is the image prompt. */
    public ChatRequest toChatRequest() {
        ChatRequest.Builder b = ChatRequest.builder()
                .task(Task.IMAGE)
                .model(model)
                .provider(provider)
                .addMessage(Message.user(prompt))
                .imagePrompt(prompt)
                .extras(extras);
        if (n > 1) {
            b.extra("n", n);
        }
        if (width != null) {
            b.extra("width", width);
        }
        if (height != null) {
            b.extra("height", height);
        }
        if (apiKey != null) {
            b.apiKey(apiKey);
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        return b.build();
    }

    /** Builds an {@link ImageRequest}. */
    public static final class Builder {
        private final String prompt;
        private String model = "";
        private String provider = "";
        private int n = 1;
        private Integer width;
        private Integer height;
        private Format format = Format.URL;
        private String apiKey;
        private Duration timeout;
        private final Map<String, Object> extras = new LinkedHashMap<>();

        private Builder(String prompt) {
            this.prompt = Objects.requireNonNull(prompt, "prompt");
            if (prompt.isBlank()) {
                throw new InvalidRequestException("the image prompt is empty");
            }
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model);
            return this;
        }

        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider);
            return this;
        }

        public Builder n(int n) {
            if (n < 1 || n > 10) {
                throw new InvalidRequestException("n must be between 1 and 10: " + n);
            }
            this.n = n;
            return this;
        }

        /** A size as {@code WIDTHxHEIGHT}, e.g. {@code 1024x1024}. */
        public Builder size(String size) {
            String[] parts = size.toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                this.width = Integer.parseInt(parts[0].strip());
                this.height = Integer.parseInt(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("size must look like 1024x1024: " + size);
            }
            return this;
        }

        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format);
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder extra(String name, Object value) {
            extras.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public ImageRequest build() {
            return new ImageRequest(this);
        }
    }
}
