package dev.g4j.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback Dynaspark (a Flask app): one form POST, answered {@code {"response": "<answer>"}}. The form
 * is {@code application/x-www-form-urlencoded} ({@code user_input}, {@code ai_model}) or, with an image,
 * {@code multipart/form-data} with a {@code file} part. Other paths get Werkzeug's 404 page, other
 * methods its 405 page, both byte-exact from the fixtures.
 *
 * <p>As Werkzeug reads a form, a {@code file} part without a filename is a plain field, not a file (the
 * submission then has no file). A file whose declared type is not an image type, or not the type its
 * bytes show (PNG, JPEG, GIF, WebP), fails in the app as Gemini refuses it: Flask's 500 page.
 *
 * <pre>{@code
 * try (DynasparkSimulator dynaspark = DynasparkSimulator.builder().start()) {
 *     dynaspark.enqueueAnswers("A rainbow is ...");
 *     dynaspark.failNext(Fault.page(502, "dynaspark/error_502_render.html"));
 * }
 * }</pre>
 */
public final class DynasparkSimulator implements AutoCloseable {

    private static final String BAD_REQUEST = "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n"
            + "<h1>Bad Request</h1>\n<p>The browser (or proxy) sent a request that this server could not understand.</p>\n";

    private final SimulatorCore core = new SimulatorCore();
    private final Builder config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<String> answers = new ArrayDeque<>(); // guarded by lock
    private final List<DynasparkSubmission> submissions = new CopyOnWriteArrayList<>();

    private DynasparkSimulator(Builder config) {
        this.config = config;
        // the POST route is added last: for the same path the newest exact route wins
        core.router.route(Router.ANY_METHOD, config.path, (request, exchange) ->
                        core.serve(request, exchange, flaskPage(405, "dynaspark/error_405_flask.html")))
                .post(config.path, this::answer)
                .fallback((request, exchange) ->
                        core.serve(request, exchange, flaskPage(404, "dynaspark/error_404_flask.html")));
    }

    /** Options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options; {@link #start()} creates the simulator. */
    public static final class Builder {
        private String path = "/dsai_fuck_u_spammer";
        private String defaultAnswer = "A rainbow is an arc of colours made by sunlight in water droplets.";

        private Builder() {}

        /** The form's path (it was {@code /generate_response} before 2025-05-12). */
        public Builder path(String formPath) {
            if (!formPath.startsWith("/")) {
                throw new IllegalArgumentException("a path starts with '/': " + formPath);
            }
            this.path = formPath;
            return this;
        }

        /** The answer to every submission that has no queued answer. */
        public Builder defaultAnswer(String answer) {
            this.defaultAnswer = Objects.requireNonNull(answer);
            return this;
        }

        /** Binds a loopback port and starts. */
        public DynasparkSimulator start() {
            return new DynasparkSimulator(this);
        }
    }

    private void answer(RecordedRequest request, Exchange exchange) throws Exception {
        Optional<DynasparkSubmission> submission = parse(request);
        if (submission.isEmpty()) {
            core.serve(request, exchange, Response.html(400, BAD_REQUEST));
            return;
        }
        submissions.add(submission.get());
        if (submission.get().file().filter(DynasparkSimulator::mislabelled).isPresent()) {
            core.serve(request, exchange, flaskPage(500, "dynaspark/error_500_flask.html"));
            return;
        }
        String text;
        lock.lock();
        try {
            text = answers.isEmpty() ? config.defaultAnswer : answers.removeFirst();
        } finally {
            lock.unlock();
        }
        core.serve(request, exchange, SimulatorCore.json(200, Json.object().put("response", text)));
    }

    /** The submitted fields; empty when the form is unreadable or lacks a field (Flask then answers 400). */
    private static Optional<DynasparkSubmission> parse(RecordedRequest request) {
        String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith("multipart/form-data")) {
                List<MultipartPart> parts = request.multipartParts();
                Optional<String> input = field(parts, "user_input");
                Optional<String> model = field(parts, "ai_model");
                Optional<MultipartPart> file = parts.stream()
                        .filter(p -> p.name().equals("file") && p.filename().filter(n -> !n.isEmpty()).isPresent())
                        .findFirst();
                return input.isEmpty() || model.isEmpty() ? Optional.empty()
                        : Optional.of(new DynasparkSubmission(input.get(), model.get(), file, true));
            }
            if (type.startsWith("application/x-www-form-urlencoded")) {
                Map<String, List<String>> fields = request.formFields();
                List<String> input = fields.get("user_input");
                List<String> model = fields.get("ai_model");
                return input == null || model == null ? Optional.empty()
                        : Optional.of(new DynasparkSubmission(input.get(0), model.get(0), Optional.empty(), false));
            }
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether a file's declared type is not an image type, or not the one its first bytes show. */
    static boolean mislabelled(MultipartPart file) {
        String declared = file.contentType().orElse("").toLowerCase(Locale.ROOT);
        int semicolon = declared.indexOf(';');
        declared = (semicolon < 0 ? declared : declared.substring(0, semicolon)).strip();
        if (!declared.startsWith("image/")) {
            return true;
        }
        Optional<String> actual = sniff(file.body());
        return actual.isPresent() && !actual.get().equals(declared);
    }

    private static Optional<String> sniff(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G')) {
            return Optional.of("image/png");
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, int... magic) {
        if (bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> field(List<MultipartPart> parts, String name) {
        return parts.stream().filter(p -> p.name().equals(name) && p.filename().isEmpty()).findFirst()
                .map(MultipartPart::text);
    }

    private static Response flaskPage(int status, String fixture) {
        return Response.of(status).header("Content-Type", "text/html; charset=utf-8").body(Fixtures.bytes(fixture));
    }

    /** The next submissions get these answers, in order, before the default again. */
    public DynasparkSimulator enqueueAnswers(String... next) {
        lock.lock();
        try {
            answers.addAll(List.of(next));
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** The next requests get these faults, in order. */
    public DynasparkSimulator failNext(Fault... next) {
        core.failNext(Optional.empty(), List.of(next));
        return this;
    }

    /** The forms received so far, parsed. */
    public List<DynasparkSubmission> submissions() {
        return List.copyOf(submissions);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return core.server().uri();
    }

    /** The form's URL. */
    public URI formUri() {
        return core.server().uri(config.path);
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
