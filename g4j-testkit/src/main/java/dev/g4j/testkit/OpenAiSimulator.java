package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback OpenAI-compatible API (OpenAI chat completions, models and image generations), with
 * DeepInfra's extras ({@code GET /models/featured}, {@code POST /v1/inference/{model}}).
 *
 * <pre>{@code
 * try (OpenAiSimulator api = OpenAiSimulator.deepInfra().reply(ChatReply.text("Hel", "lo")).start()) {
 *     // client base URL: api.baseUri()  (http://127.0.0.1:PORT/v1/openai)
 *     api.failNext(Fault.status(429, "{\"error\":{\"message\":\"Model busy, retry later\"}}"));
 * }
 * }</pre>
 *
 * <p>{@code POST {prefix}/chat/completions} answers JSON, or an SSE stream when the body has
 * {@code "stream": true}: a role chunk, one chunk per reasoning delta, content delta and tool call, a
 * finish chunk, the usage (in the finish chunk for DeepInfra; as a separate {@code choices: []} chunk
 * for OpenAI when the request sets {@code stream_options.include_usage}) and {@code data: [DONE]}.
 * Answers are built once per reply and reused, so the simulator can serve as a fast benchmark
 * upstream. Requests are checked as the service checks them: a bearer token (any, for the DeepInfra
 * layout, else DeepInfra's 403; exactly {@link Builder#apiKey(String)} when set, else its 401), then a
 * JSON body sent as {@code application/json}: chat with a {@code model} and well-formed messages,
 * inference with {@code prompt} ({@code input.prompt} for cog models), image generation with a
 * {@code prompt} (FastAPI's 422 list for DeepInfra, OpenAI's 400 error object otherwise).
 */
public final class OpenAiSimulator implements AutoCloseable {

    /** Where a stream carries the usage. */
    public enum UsageLayout {
        /** In the finish chunk, always (DeepInfra). */
        DEEPINFRA,
        /** In an extra chunk with {@code choices: []}, when the request asks for it (OpenAI). */
        OPENAI
    }

    private record Prepared(Response json, Response stream, Response streamWithUsageChunk) {}

    private final SimulatorCore core = new SimulatorCore();
    private final Builder config;
    private final Map<ChatReply, Prepared> prepared = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<ChatReply> replies = new ArrayDeque<>(); // guarded by lock

    private OpenAiSimulator(Builder config) {
        this.config = config;
        prepare(config.reply);
        String prefix = config.pathPrefix;
        core.router.post(prefix + "/chat/completions", this::chat)
                .get(prefix + "/models", (request, exchange) -> core.serve(request, exchange,
                        refusal(request).orElseGet(() -> OpenAiRequests.modelList(config.models))))
                .post(prefix + "/images/generations", this::images)
                .get("/models/featured", (request, exchange) -> core.serve(request, exchange,
                        Response.of(200).header("Content-Type", "application/json").body(config.featuredModels)))
                .prefix("POST", "/v1/inference/", this::inference);
    }

    /** OpenAI's layout: paths under {@code /v1}, usage only when asked for. */
    public static Builder builder() {
        return new Builder("/v1", UsageLayout.OPENAI, false);
    }

    /** DeepInfra's layout: chat under {@code /v1/openai}, usage in the finish chunk. */
    public static Builder deepInfra() {
        return new Builder("/v1/openai", UsageLayout.DEEPINFRA, true).model("meta-llama/Meta-Llama-3.1-70B-Instruct");
    }

    /** Starts with OpenAI's layout and the default reply. */
    public static OpenAiSimulator start() {
        return builder().start();
    }

    /** Options; {@link #start()} creates the simulator. */
    public static final class Builder {
        private String pathPrefix;
        private UsageLayout usageLayout;
        private String model = "g4j-sim-model";
        private List<String> models = List.of("g4j-sim-model");
        private ChatReply reply = ChatReply.text("Hello", " from", " the", " simulator", ".");
        private Duration chunkDelay = Duration.ZERO;
        private Optional<String> apiKey = Optional.empty();
        private boolean requireBearer;
        private List<String> cogModels = List.of("stability-ai/sdxl");
        private byte[] featuredModels = Fixtures.bytes("deepinfra/models_featured.json");
        private byte[] inferenceResponse = Fixtures.bytes("deepinfra/image_response_images_datauri.json");

        private Builder(String pathPrefix, UsageLayout usageLayout, boolean requireBearer) {
            this.pathPrefix = pathPrefix;
            this.usageLayout = usageLayout;
            this.requireBearer = requireBearer;
        }

        /** The prefix of the OpenAI routes, e.g. {@code /v1} or {@code /v1/openai}. */
        public Builder pathPrefix(String prefix) {
            if (!prefix.startsWith("/") || prefix.endsWith("/")) {
                throw new IllegalArgumentException("a prefix starts with '/' and does not end with one: " + prefix);
            }
            this.pathPrefix = prefix;
            return this;
        }

        /** Where streams carry the usage. */
        public Builder usageLayout(UsageLayout layout) {
            this.usageLayout = Objects.requireNonNull(layout);
            return this;
        }

        /** The model name in answers. */
        public Builder model(String name) {
            this.model = Objects.requireNonNull(name);
            return this;
        }

        /** The ids listed by {@code GET {prefix}/models}. */
        public Builder models(List<String> ids) {
            this.models = List.copyOf(ids);
            return this;
        }

        /** The reply to every chat request that has no queued reply. */
        public Builder reply(ChatReply defaultReply) {
            this.reply = Objects.requireNonNull(defaultReply);
            return this;
        }

        /** A pause between streamed chunks. */
        public Builder chunkDelay(Duration delay) {
            this.chunkDelay = Objects.requireNonNull(delay);
            return this;
        }

        /** Requires {@code Authorization: Bearer <key>} on every route but the featured list. */
        public Builder apiKey(String key) {
            this.apiKey = Optional.of(key);
            return this;
        }

        /**
         * Whether a request without any {@code Authorization: Bearer} token is refused with DeepInfra's 403
         * (default: yes for {@link #deepInfra()}, no for {@link #builder()}, where local servers need none).
         */
        public Builder requireBearer(boolean required) {
            this.requireBearer = required;
            return this;
        }

        /** The inference models with the cog interface, whose body is {@code {"input": {...}}} (default: stability-ai/sdxl). */
        public Builder cogModels(String... models) {
            this.cogModels = List.of(models);
            return this;
        }

        /** The body of {@code GET /models/featured} (default: the fixture {@code models_featured.json}). */
        public Builder featuredModels(String json) {
            this.featuredModels = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The body of {@code POST /v1/inference/{model}} (default: the fixture with a data URI image). */
        public Builder inferenceResponse(String json) {
            this.inferenceResponse = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Binds a loopback port and starts. */
        public OpenAiSimulator start() {
            return new OpenAiSimulator(this);
        }
    }

    private Prepared prepare(ChatReply reply) {
        return prepared.computeIfAbsent(reply, r -> {
            OpenAiChunks chunks = new OpenAiChunks("chatcmpl-g4jsim" + prepared.size(), config.model, 1749691342L);
            Response json = Response.of(200).header("Content-Type", "application/json").body(chunks.completion(r));
            Response sse = Response.sseRaw(new byte[0]).chunkDelay(config.chunkDelay);
            OpenAiChunks.Layout normal = config.usageLayout == UsageLayout.DEEPINFRA
                    ? OpenAiChunks.Layout.IN_FINISH_CHUNK : OpenAiChunks.Layout.NONE;
            return new Prepared(json, sse.chunks(chunks.stream(r, normal)),
                    sse.chunks(chunks.stream(r, OpenAiChunks.Layout.SEPARATE_CHUNK)));
        });
    }

    private void chat(RecordedRequest request, Exchange exchange) throws Exception {
        OpenAiRequests.Checked checked = refusal(request).map(OpenAiRequests.Checked::refused)
                .orElseGet(() -> OpenAiRequests.chat(request, config.usageLayout == UsageLayout.DEEPINFRA));
        if (checked.refusal().isPresent()) {
            core.serve(request, exchange, checked.refusal().get());
            return;
        }
        ChatReply reply;
        lock.lock();
        try {
            reply = replies.isEmpty() ? config.reply : replies.removeFirst();
        } finally {
            lock.unlock();
        }
        Prepared answers = prepare(reply);
        JsonNode body = checked.body();
        Response normal;
        if (!body.path("stream").asBoolean(false)) {
            normal = answers.json();
        } else if (config.usageLayout == UsageLayout.OPENAI
                && body.path("stream_options").path("include_usage").asBoolean(false)) {
            normal = answers.streamWithUsageChunk();
        } else {
            normal = answers.stream();
        }
        core.serve(request, exchange, normal);
    }

    private void inference(RecordedRequest request, Exchange exchange) throws Exception {
        String model = request.path().substring("/v1/inference/".length());
        Optional<Response> refused = refusal(request)
                .or(() -> OpenAiRequests.inference(request, config.cogModels.contains(model)).refusal());
        core.serve(request, exchange, refused.orElseGet(() -> Response.of(200)
                .header("Content-Type", "application/json").body(config.inferenceResponse)));
    }

    private void images(RecordedRequest request, Exchange exchange) throws Exception {
        Optional<Response> refused = refusal(request).or(() -> OpenAiRequests.imageGeneration(request).refusal());
        if (refused.isPresent()) {
            core.serve(request, exchange, refused.get());
            return;
        }
        core.serve(request, exchange, OpenAiRequests.generatedImage(request));
    }

    private Optional<Response> refusal(RecordedRequest request) {
        return OpenAiRequests.authRefusal(request, config.apiKey, config.requireBearer);
    }

    /** The next chat requests get these replies, in order, before the default reply again. */
    public OpenAiSimulator enqueueReplies(ChatReply... next) {
        lock.lock();
        try {
            replies.addAll(List.of(next));
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** The next requests (any route) get these faults, in order. */
    public OpenAiSimulator failNext(Fault... next) {
        core.failNext(Optional.empty(), List.of(next));
        return this;
    }

    /** The next chat completion requests get these faults, in order. */
    public OpenAiSimulator failNextChat(Fault... next) {
        core.failNext(Optional.of(config.pathPrefix + "/chat/completions"), List.of(next));
        return this;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return core.server().uri();
    }

    /** The API base: {@code uri()} plus the path prefix, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public URI baseUri() {
        return core.server().uri(config.pathPrefix);
    }

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        return core.server().requests();
    }

    /** The oldest request not yet taken. */
    public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
        return core.server().takeRequest(timeout);
    }

    /** The underlying server: connection accounting, handler failures. */
    public LoopbackServer loopback() {
        return core.server();
    }

    /** The router, to add or override routes. */
    public Router router() {
        return core.router;
    }

    @Override
    public void close() {
        core.server().close();
    }
}
