package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback Hugging Face Space running Gradio 5 (the Janus-Pro-7B shape by default), serving both
 * hosts on one port: the huggingface.co Space page and JWT endpoint, and the Space's
 * {@code /gradio_api} routes (upload, queue join, queue data).
 *
 * <pre>{@code
 * try (GradioSimulator space = GradioSimulator.builder().start()) {
 *     space.enqueueScripts(GradioScript.textAnswer("A kitten."));
 *     // point both the huggingface.co and the hf.space base URLs at space.uri()
 * }
 * }</pre>
 *
 * <p>Each join takes the next queued {@link GradioScript} (or the default) and registers a pending job
 * for its {@code session_hash}; {@code /queue/data} streams the session's pending jobs, each message with
 * the job's event id, then {@code close_stream}. Sessions persist, so a second join on the same session
 * continues the conversation. An unknown session gets Gradio's {@code unexpected_error}
 * "404: Session not found." and a reset, as in the fixtures.
 *
 * <p>Joins are checked as the app checks them: a JSON body ({@code application/json}, else FastAPI's
 * 422), a known {@code fn_index} (else a 500), the function's number of inputs and only FileData paths
 * that an upload handed out (else the job fails with {@code success: false}). The JWT endpoint wants a
 * Cookie and an ISO-8601 {@code expiration}.
 */
public final class GradioSimulator implements AutoCloseable {

    private record Pending(String eventId, GradioScript script) {}

    private final SimulatorCore core = new SimulatorCore();
    private final Builder config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<GradioScript> scripts = new ArrayDeque<>(); // guarded by lock
    private final Map<String, Deque<Pending>> sessions = new ConcurrentHashMap<>(); // each deque guarded by lock
    private final List<GradioJoin> joins = new CopyOnWriteArrayList<>();
    private final List<MultipartPart> uploads = new CopyOnWriteArrayList<>();
    private final Set<String> issuedPaths = ConcurrentHashMap.newKeySet();
    private final AtomicLong events = new AtomicLong();
    private final AtomicBoolean queueFull = new AtomicBoolean();

    private GradioSimulator(Builder config) {
        this.config = config;
        core.router.get("/spaces/" + config.space, (request, exchange) -> core.serve(request, exchange,
                        Response.html(200, GradioPage.html(config.space, config.sdkVersion, config.sessionUuid,
                                config.pageToken))))
                .get("/api/spaces/" + config.space + "/jwt", this::jwt)
                .post("/gradio_api/upload", (request, exchange) -> core.serve(request, exchange, GradioRoutes.upload(
                        request, config.maxFileSize, uploads, issuedPaths)))
                .post("/gradio_api/queue/join", this::join)
                .get("/gradio_api/queue/data", this::data);
    }

    /** Options, with the Janus-Pro-7B defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options; {@link #start()} creates the simulator. */
    public static final class Builder {
        private String space = "deepseek-ai/Janus-Pro-7B";
        private String sdkVersion = "5.1.0";
        private String sessionUuid = "Vb3kQp9XrT2mZ8sLw4NfA";
        private Optional<String> pageToken = Optional.empty();
        private String jwtToken = Json.parse(Fixtures.bytes("janus/jwt_response.json")).get("token").asText();
        private GradioScript defaultScript = GradioScript.textAnswer(
                "The picture shows a small orange kitten sitting on a wooden windowsill.");
        private Duration eventDelay = Duration.ZERO;
        private long maxFileSize = 10_485_760;
        private Duration dataWait = Duration.ofSeconds(2);
        private Map<Integer, Integer> functions = Map.of(2, 5, 3, 4); // Janus: understanding, text to image

        private Builder() {}

        /** The Space id, {@code owner/name}. */
        public Builder space(String id) {
            if (id.indexOf('/') <= 0) {
                throw new IllegalArgumentException("a space id is owner/name: " + id);
            }
            this.space = id;
            return this;
        }

        /** The Gradio version the page reports. */
        public Builder sdkVersion(String version) {
            this.sdkVersion = Objects.requireNonNull(version);
            return this;
        }

        /** The {@code sessionUuid} on the Space page (the ZeroGPU uuid). */
        public Builder sessionUuid(String uuid) {
            this.sessionUuid = Objects.requireNonNull(uuid);
            return this;
        }

        /** Serves the logged-in page, carrying this ZeroGPU token (default: the anonymous page). */
        public Builder pageToken(String token) {
            this.pageToken = Optional.of(token);
            return this;
        }

        /** The token the JWT endpoint gives to a request with a Cookie. */
        public Builder jwtToken(String token) {
            this.jwtToken = Objects.requireNonNull(token);
            return this;
        }

        /** The script of every join that has no queued script. */
        public Builder defaultScript(GradioScript script) {
            this.defaultScript = Objects.requireNonNull(script);
            return this;
        }

        /** A pause between streamed messages. */
        public Builder eventDelay(Duration delay) {
            this.eventDelay = Objects.requireNonNull(delay);
            return this;
        }

        /** The upload limit; larger files get Gradio's 413 (default 10 MiB). */
        public Builder maxFileSize(long bytes) {
            this.maxFileSize = bytes;
            return this;
        }

        /** How long {@code /queue/data} waits for a join of its session before sending close_stream. */
        public Builder dataWait(Duration wait) {
            this.dataWait = Objects.requireNonNull(wait);
            return this;
        }

        /**
         * The app's functions: {@code fn_index} → number of inputs (default Janus's {@code 2 → 5},
         * {@code 3 → 4}); an empty map accepts any function and any inputs.
         */
        public Builder functions(Map<Integer, Integer> inputCounts) {
            this.functions = Map.copyOf(inputCounts);
            return this;
        }

        /** Binds a loopback port and starts. */
        public GradioSimulator start() {
            return new GradioSimulator(this);
        }
    }

    private void jwt(RecordedRequest request, Exchange exchange) throws Exception {
        core.serve(request, exchange, GradioRoutes.jwt(request, config.jwtToken));
    }

    private void join(RecordedRequest request, Exchange exchange) throws Exception {
        JsonNode body;
        try {
            body = request.bodyJson();
        } catch (IllegalArgumentException e) {
            core.serve(request, exchange, GradioRoutes.invalidJson(e.getMessage()));
            return;
        }
        Optional<Response> refusal = GradioRoutes.refuseJoin(request, body, queueFull.get(), config.functions);
        if (refusal.isPresent()) {
            core.serve(request, exchange, refusal.get());
            return;
        }
        String sessionHash = body.get("session_hash").asText();
        String eventId = eventId();
        Optional<String> failure = GradioRoutes.inputProblem(body, config.functions, issuedPaths);
        lock.lock();
        try {
            GradioScript script = scripts.isEmpty() ? config.defaultScript : scripts.removeFirst();
            if (failure.isPresent()) {
                script = GradioScript.of(GradioMessage.processStarts(1.0), GradioMessage.completedException(failure.get()));
            }
            sessions.computeIfAbsent(sessionHash, k -> new ArrayDeque<>()).addLast(new Pending(eventId, script));
        } finally {
            lock.unlock();
        }
        joins.add(GradioJoin.of(request, body, eventId));
        core.serve(request, exchange, SimulatorCore.json(200, Json.object().put("event_id", eventId)));
    }

    private void data(RecordedRequest request, Exchange exchange) throws Exception {
        String sessionHash = request.queryParam("session_hash").orElse("");
        if (!sessions.containsKey(sessionHash)) {
            core.serve(request, exchange, GradioRoutes.sessionNotFound());
            return;
        }
        List<Pending> jobs = awaitPending(sessionHash);
        List<byte[]> chunks = new ArrayList<>();
        boolean close = true;
        for (Pending job : jobs) {
            job.script().messages().forEach(m -> chunks.add(m.event(job.eventId())));
            close = job.script().closeStream();
        }
        if (close) {
            chunks.add(GradioMessage.closeStream().event(""));
        }
        Response stream = Response.sseRaw(new byte[0]).chunks(chunks).chunkDelay(config.eventDelay);
        core.serve(request, exchange, close ? stream : stream.thenCut());
    }

    private List<Pending> awaitPending(String sessionHash) throws InterruptedException {
        long deadline = System.nanoTime() + config.dataWait.toNanos();
        while (true) {
            lock.lock();
            try {
                Deque<Pending> queue = sessions.get(sessionHash);
                if (!queue.isEmpty() || System.nanoTime() >= deadline) {
                    List<Pending> jobs = new ArrayList<>(queue);
                    queue.clear();
                    return jobs;
                }
            } finally {
                lock.unlock();
            }
            Thread.sleep(10);
        }
    }

    /** 32 hex digits like Gradio's {@code uuid4().hex}, but deterministic. */
    private String eventId() {
        byte[] seed = ("g4j-testkit-event-" + events.getAndIncrement()).getBytes(StandardCharsets.UTF_8);
        return GradioRoutes.sha256(seed).substring(0, 32);
    }

    /** The next joins get these scripts, in order, before the default again. */
    public GradioSimulator enqueueScripts(GradioScript... next) {
        lock.lock();
        try {
            scripts.addAll(List.of(next));
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** While on, joins get Gradio's {@code 503 Queue is full}. */
    public GradioSimulator queueFull(boolean full) {
        queueFull.set(full);
        return this;
    }

    /** The next requests (any route) get these faults, in order. */
    public GradioSimulator failNext(Fault... next) {
        core.failNext(Optional.empty(), List.of(next));
        return this;
    }

    /** The next requests to this path (e.g. {@code /gradio_api/queue/data}) get these faults, in order. */
    public GradioSimulator failNext(String path, Fault... next) {
        core.failNext(Optional.of(path), List.of(next));
        return this;
    }

    /** The joins accepted so far. */
    public List<GradioJoin> joins() {
        return List.copyOf(joins);
    }

    /** The files uploaded so far (parts of field {@code files}). */
    public List<MultipartPart> uploads() {
        return List.copyOf(uploads);
    }

    /** The session hashes that joined. */
    public Set<String> sessions() {
        return Set.copyOf(sessions.keySet());
    }

    /** {@code http://127.0.0.1:PORT}: the base URL for huggingface.co and for the Space host. */
    public URI uri() {
        return core.server().uri();
    }

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        return core.server().requests();
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
