package dev.g4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One request to a provider, or to a fallback chain of them. Immutable; build with {@link #builder()}
 * and derive with {@link #toBuilder()}.
 *
 * <p>{@code model} and {@code provider} may be empty: the client then picks by model, or takes the
 * default chain. {@code options} override provider options for this call (highest precedence);
 * {@code extras} are passed through to providers that understand them ({@code tools},
 * {@code tool_choice}, {@code response_format}, {@code reasoning_effort}, {@code n}, {@code width}...).
 */
public final class ChatRequest {
    private final String model;
    private final String provider;
    private final List<Message> messages;
    private final List<Media> media;
    private final String imagePrompt;
    private final Task task;
    private final boolean stream;
    private final Double temperature;
    private final Integer maxTokens;
    private final Double topP;
    private final List<String> stop;
    private final Long seed;
    private final ChatEvent.ConversationState conversation;
    private final String apiKey;
    private final Duration timeout;
    private final String proxy;
    private final Map<String, String> options;
    private final Map<String, Object> extras;

    private ChatRequest(Builder b) {
        this.model = b.model;
        this.provider = b.provider;
        this.messages = List.copyOf(b.messages);
        this.media = List.copyOf(b.media);
        this.imagePrompt = b.imagePrompt;
        this.task = b.task;
        this.stream = b.stream;
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.topP = b.topP;
        this.stop = List.copyOf(b.stop);
        this.seed = b.seed;
        this.conversation = b.conversation;
        this.apiKey = b.apiKey;
        this.timeout = b.timeout;
        this.proxy = b.proxy;
        this.options = Map.copyOf(b.options);
        this.extras = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.extras));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A one-message request: the prompt as a user message, everything else default. */
    public static ChatRequest of(String prompt) {
        return builder().addMessage(Message.user(prompt)).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The model name as asked; empty means the provider's default. */
    public String model() {
        return model;
    }

    /** The provider name(s) as asked (comma- or space-separated for an explicit chain); empty means automatic. */
    public String provider() {
        return provider;
    }

    public List<Message> messages() {
        return messages;
    }

    /** Attachments given beside the messages. */
    public List<Media> media() {
        return media;
    }

    /**
     * Every image of the request, in order: those inside the trailing run of user messages (an
     * assistant or system message ends the run, as in g4f's merge_media), then the attachments.
     */
    public List<Media> images() {
        List<Media> out = new ArrayList<>();
        int start = messages.size();
        while (start > 0 && messages.get(start - 1).role().equals("user")) {
            start--;
        }
        for (Message m : messages.subList(start, messages.size())) {
            out.addAll(m.images());
        }
        out.addAll(media);
        return out;
    }

    /** An explicit prompt for image generation, overriding the last user message. */
    public Optional<String> imagePrompt() {
        return Optional.ofNullable(imagePrompt);
    }

    public Task task() {
        return task;
    }

    /** Whether the caller wants the answer streamed from the service (the event stream is incremental either way). */
    public boolean stream() {
        return stream;
    }

    public OptionalDouble temperature() {
        return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    public OptionalInt maxTokens() {
        return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    public OptionalDouble topP() {
        return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
    }

    public List<String> stop() {
        return stop;
    }

    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** State of a remote session to continue, as a provider emitted it earlier. */
    public Optional<ChatEvent.ConversationState> conversation() {
        return Optional.ofNullable(conversation);
    }

    /** An API key for the provider that needs one (never shown by {@link #toString()}). */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** The total deadline of this call. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** A proxy URL for this call: {@code http://}, {@code https://} or {@code socks5://user:pass@host:port}. */
    public Optional<String> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** Provider option overrides for this call, by option name ({@code base_url}, {@code poll_interval}...). */
    public Map<String, String> options() {
        return options;
    }

    /** Pass-through parameters for providers that take them. */
    public Map<String, Object> extras() {
        return extras;
    }

    @Override
    public String toString() {
        return "ChatRequest[model=" + model + ", provider=" + provider + ", task=" + task + ", messages="
                + messages.size() + ", media=" + media.size() + ", stream=" + stream
                + (apiKey == null ? "" : ", apiKey=***") + "]";
    }

    /** Builds a {@link ChatRequest}. Setters reject null; use the clearing methods to unset. */
    public static final class Builder {
        private String model = "";
        private String provider = "";
        private final List<Message> messages = new ArrayList<>();
        private final List<Media> media = new ArrayList<>();
        private String imagePrompt;
        private Task task = Task.CHAT;
        private boolean stream = true;
        private Double temperature;
        private Integer maxTokens;
        private Double topP;
        private final List<String> stop = new ArrayList<>();
        private Long seed;
        private ChatEvent.ConversationState conversation;
        private String apiKey;
        private Duration timeout;
        private String proxy;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Map<String, Object> extras = new LinkedHashMap<>();

        private Builder() {}

        private Builder(ChatRequest r) {
            model = r.model;
            provider = r.provider;
            messages.addAll(r.messages);
            media.addAll(r.media);
            imagePrompt = r.imagePrompt;
            task = r.task;
            stream = r.stream;
            temperature = r.temperature;
            maxTokens = r.maxTokens;
            topP = r.topP;
            stop.addAll(r.stop);
            seed = r.seed;
            conversation = r.conversation;
            apiKey = r.apiKey;
            timeout = r.timeout;
            proxy = r.proxy;
            options.putAll(r.options);
            extras.putAll(r.extras);
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model").strip();
            return this;
        }

        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider").strip();
            return this;
        }

        public Builder messages(List<Message> messages) {
            this.messages.clear();
            messages.forEach(this::addMessage);
            return this;
        }

        public Builder addMessage(Message message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        public Builder media(List<Media> media) {
            this.media.clear();
            media.forEach(this::addMedia);
            return this;
        }

        public Builder addMedia(Media m) {
            media.add(Objects.requireNonNull(m, "media"));
            return this;
        }

        public Builder imagePrompt(String prompt) {
            this.imagePrompt = Objects.requireNonNull(prompt, "prompt");
            return this;
        }

        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            if (maxTokens <= 0) {
                throw new InvalidRequestException("max tokens must be positive: " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        public Builder stop(List<String> stop) {
            this.stop.clear();
            stop.forEach(s -> this.stop.add(Objects.requireNonNull(s, "stop")));
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder conversation(ChatEvent.ConversationState conversation) {
            this.conversation = Objects.requireNonNull(conversation, "conversation");
            return this;
        }

        public Builder clearConversation() {
            this.conversation = null;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new InvalidRequestException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder proxy(String proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /** Overrides one provider option for this call. */
        public Builder option(String name, String value) {
            options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds one pass-through parameter. */
        public Builder extra(String name, Object value) {
            extras.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder extras(Map<String, Object> extras) {
            extras.forEach(this::extra);
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(this);
        }
    }
}
