package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback Replicate homepage API: {@code POST /api/prediction} creates a prediction (201, status
 * {@code starting}) and {@code GET /api/poll?id=} shows its next scripted state. Each creation takes the
 * next queued {@link PredictionScript}, or the default.
 *
 * <p>A create is checked as the service checks it: a JSON body ({@code content-type: application/json}),
 * a {@code version} pinned for its {@code model} (g4f's table by default; else Replicate's 422 "Invalid
 * version or not permitted", the fixture {@code error_422_problem.json}) and a non-empty
 * {@code input.prompt}.
 *
 * <pre>{@code
 * try (ReplicateSimulator replicate = ReplicateSimulator.builder().start()) {
 *     replicate.enqueueScripts(PredictionScript.of(PollState.starting(), PollState.failed("CUDA out of memory")));
 *     // client base URL: replicate.uri()
 * }
 * }</pre>
 */
public final class ReplicateSimulator implements AutoCloseable {

    private static final class Prediction {
        final String id;
        final JsonNode request;
        final PredictionScript script;
        int polls;

        Prediction(String id, JsonNode request, PredictionScript script) {
            this.id = id;
            this.request = request;
            this.script = script;
        }
    }

    private final SimulatorCore core = new SimulatorCore();
    private final PredictionScript defaultScript;
    private final Map<String, String> versions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<PredictionScript> scripts = new ArrayDeque<>(); // guarded by lock
    private final Map<String, Prediction> predictions = new LinkedHashMap<>(); // guarded by lock

    private ReplicateSimulator(Builder builder) {
        this.defaultScript = builder.defaultScript;
        this.versions = builder.versions;
        core.router.post("/api/prediction", this::create).get("/api/poll", this::poll);
    }

    /** Options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options; {@link #start()} creates the simulator. */
    public static final class Builder {
        private PredictionScript defaultScript =
                PredictionScript.image("https://replicate.delivery/g4j-testkit/out-0.webp");
        // the versions g4f pinned for the homepage models (protocols.md §3)
        private Map<String, String> versions = Map.of(
                "stability-ai/stable-diffusion-3", "527d2a6296facb8e47ba1eaf17f142c240c19a30894f437feee9b91cc29d8e4f",
                "bytedance/sdxl-lightning-4step", "5f24084160c9089501c1b3545d9be3c27883ae2239b6f412990e82d4a6210f8f",
                "playgroundai/playground-v2.5-1024px-aesthetic",
                "a45f82a1382bed5c7aeb861dac7c7d191b0fdf74d8d57c4a0e6ed7d4d0bf7d24",
                "google-deepmind/gemma-2b-it", "dff94eaf770e1fc211e425a50b51baa8e4cac6c39ef074681f9e39d778773626");

        private Builder() {}

        /** The models the API runs, each with its one accepted version; an empty map accepts any pair. */
        public Builder versions(Map<String, String> modelVersions) {
            this.versions = Map.copyOf(modelVersions);
            return this;
        }

        /** The script of every prediction that has no queued script. */
        public Builder defaultScript(PredictionScript script) {
            this.defaultScript = Objects.requireNonNull(script);
            return this;
        }

        /** Binds a loopback port and starts. */
        public ReplicateSimulator start() {
            return new ReplicateSimulator(this);
        }
    }

    private void create(RecordedRequest request, Exchange exchange) throws Exception {
        JsonNode body;
        try {
            body = request.header("Content-Type").orElse("").startsWith("application/json") ? request.bodyJson() : null;
        } catch (IllegalArgumentException e) {
            body = null;
        }
        Optional<Response> refusal = body == null || !body.isObject()
                ? Optional.of(problem(422, "Invalid request", "The request body is not valid JSON."))
                : refusal(body);
        if (refusal.isPresent()) {
            core.serve(request, exchange, refusal.get());
            return;
        }
        Prediction prediction;
        lock.lock();
        try {
            String id = GradioRoutes.sha256(("g4j-testkit-prediction-" + predictions.size()).getBytes(
                    StandardCharsets.UTF_8)).substring(0, 26);
            prediction = new Prediction(id, body, scripts.isEmpty() ? defaultScript : scripts.removeFirst());
            predictions.put(id, prediction);
        } finally {
            lock.unlock();
        }
        ObjectNode created = predictionJson(prediction, PollState.starting());
        core.serve(request, exchange, SimulatorCore.json(201, created));
    }

    private void poll(RecordedRequest request, Exchange exchange) throws Exception {
        String id = request.queryParam("id").orElse("");
        Prediction prediction;
        PollState state;
        lock.lock();
        try {
            prediction = predictions.get(id);
            if (prediction == null) {
                state = null;
            } else {
                state = prediction.script.state(prediction.polls++);
            }
        } finally {
            lock.unlock();
        }
        if (prediction == null) {
            core.serve(request, exchange, problem(404, "Not found", "Prediction " + id + " was not found."));
            return;
        }
        ObjectNode body = predictionJson(prediction, state);
        Response answer = state.textPlain()
                ? Response.text(200, Json.write(body))
                : SimulatorCore.json(200, body);
        core.serve(request, exchange, answer);
    }

    private Optional<Response> refusal(JsonNode body) {
        String model = body.path("model").asText("");
        if (!versions.isEmpty() && !body.path("version").asText("").equals(versions.get(model))) {
            return Optional.of(Response.of(422).header("Content-Type", "application/problem+json")
                    .body(Fixtures.bytes("replicate/error_422_problem.json")));
        }
        JsonNode prompt = body.path("input").path("prompt");
        return prompt.isTextual() && !prompt.asText().isBlank() ? Optional.empty()
                : Optional.of(problem(422, "Input validation failed", "input: prompt is required"));
    }

    /** The prediction object (RP-DOC), fields in the order the fixtures show. */
    private static ObjectNode predictionJson(Prediction prediction, PollState state) {
        String base = "https://api.replicate.com/v1/predictions/" + prediction.id;
        ObjectNode node = Json.object().put("id", prediction.id)
                .put("model", prediction.request.path("model").asText(""))
                .put("version", prediction.request.path("version").asText(""));
        node.set("input", prediction.request.path("input").isMissingNode() ? Json.object()
                : prediction.request.get("input").deepCopy());
        node.put("logs", "");
        node.set("output", state.output());
        node.put("data_removed", false);
        state.error().ifPresentOrElse(e -> node.put("error", e), () -> node.putNull("error"));
        state.status().ifPresent(s -> node.put("status", s));
        node.put("created_at", "2025-05-20T14:02:11.482913Z");
        node.putObject("urls").put("cancel", base + "/cancel").put("get", base);
        if (state.status().filter(s -> !s.equals("starting")).isPresent()) {
            node.put("started_at", "2025-05-20T14:02:12.907311Z");
        }
        if (state.terminal()) {
            node.put("completed_at", "2025-05-20T14:02:15.770204Z");
            node.putObject("metrics").put("predict_time", 2.862893).put("total_time", 4.287291);
        }
        return node;
    }

    /** An RFC 7807 problem body, as api.replicate.com sends errors. */
    private static Response problem(int status, String title, String detail) {
        ObjectNode body = Json.object().put("title", title).put("detail", detail).put("status", status);
        return Response.of(status).header("Content-Type", "application/problem+json").body(Json.bytes(body));
    }

    /** The next predictions get these scripts, in order, before the default again. */
    public ReplicateSimulator enqueueScripts(PredictionScript... next) {
        lock.lock();
        try {
            scripts.addAll(List.of(next));
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** The next requests (any route) get these faults, in order. */
    public ReplicateSimulator failNext(Fault... next) {
        core.failNext(Optional.empty(), List.of(next));
        return this;
    }

    /** The next requests to this path ({@code /api/prediction} or {@code /api/poll}) get these faults. */
    public ReplicateSimulator failNext(String path, Fault... next) {
        core.failNext(Optional.of(path), List.of(next));
        return this;
    }

    /** The ids of the predictions created so far, in order. */
    public List<String> predictionIds() {
        lock.lock();
        try {
            return List.copyOf(new ArrayList<>(predictions.keySet()));
        } finally {
            lock.unlock();
        }
    }

    /** How often a prediction was polled. */
    public int pollCount(String id) {
        lock.lock();
        try {
            Prediction prediction = predictions.get(id);
            return prediction == null ? 0 : prediction.polls;
        } finally {
            lock.unlock();
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return core.server().uri();
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

    @Override
    public void close() {
        core.server().close();
    }
}
