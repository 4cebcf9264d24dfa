package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.BlockedException;
import dev.g4j.ErrorKind;
import dev.g4j.LoadedMedia;
import dev.g4j.MalformedResponseException;
import dev.g4j.http.Body;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Json;
import dev.g4j.http.Redaction;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The protocol engine of a Hugging Face Space running Gradio 5 on ZeroGPU (protocols.md §2): the
 * ZeroGPU identity, file uploads, {@code POST /gradio_api/queue/join} and the
 * {@code GET /gradio_api/queue/data} event stream, with the protocol's own failures mapped to typed
 * errors. Immutable; every method works within the given call context and emits as it reads.
 *
 * <pre>{@code
 * GradioSpace space = GradioSpace.of("deepseek-ai/Janus-Pro-7B", spaceUrl, hubUrl);
 * GradioSession session = space.identify(ctx, GradioSession.create(ctx.random()), apiKey, cookies);
 * List<ObjectNode> files = space.upload(ctx, session, images);
 * space.run(ctx, session, new GradioCall(2, 10, data, 0, prompt), out);
 * }</pre>
 */
public final class GradioSpace {
    private final String spaceId;
    private final String spaceUrl;
    private final String hubUrl;

    private GradioSpace(String spaceId, String spaceUrl, String hubUrl) {
        this.spaceId = Objects.requireNonNull(spaceId, "spaceId");
        this.spaceUrl = stripSlashes(Objects.requireNonNull(spaceUrl, "spaceUrl"));
        this.hubUrl = stripSlashes(Objects.requireNonNull(hubUrl, "hubUrl"));
    }

    /**
     * @param spaceId the Space, {@code owner/name}
     * @param spaceUrl the app's own address, e.g. {@code https://deepseek-ai-janus-pro-7b.hf.space}
     * @param hubUrl the hub that serves the Space page and JWTs, {@code https://huggingface.co}
     */
    public static GradioSpace of(String spaceId, String spaceUrl, String hubUrl) {
        return new GradioSpace(spaceId, spaceUrl, hubUrl);
    }

    public String spaceId() {
        return spaceId;
    }

    public String spaceUrl() {
        return spaceUrl;
    }

    public String hubUrl() {
        return hubUrl;
    }

    /** The {@code Referer} the Gradio frontend sends: the app with its light theme. */
    public String referer() {
        return spaceUrl + "?__theme=light";
    }

    /** Where the app serves a file it holds: {@code <space>/gradio_api/file=<path>}. */
    public String fileUrl(String path) {
        return spaceUrl + "/gradio_api/file=" + path;
    }

    /**
     * The session with its ZeroGPU identity (protocols.md §2.1): an {@code apiKey} is the token itself
     * and nothing is fetched; otherwise the Space page is read unless the session knows its uuid (a
     * session keeps its token when the page has none). With huggingface.co {@code cookies}, the token is
     * refreshed from the hub's JWT endpoint, keeping the one we have when it refuses.
     */
    public GradioSession identify(
            CallContext ctx, GradioSession session, Optional<String> apiKey, Optional<String> cookies) {
        return ZeroGpu.identify(this, ctx, session, apiKey, cookies);
    }

    /**
     * Uploads files in one multipart request ({@code POST /gradio_api/upload}, field {@code files}, sent
     * as {@code application/octet-stream} like g4f) and returns one FileData object per file, in order
     * (protocols.md §2.2).
     */
    public List<ObjectNode> upload(CallContext ctx, GradioSession session, List<LoadedMedia> files) {
        if (files.isEmpty()) {
            return List.of();
        }
        List<Body.Part> parts = new ArrayList<>();
        files.forEach(f -> parts.add(Body.Part.file("files", f.filename(), "application/octet-stream", f.bytes())));
        HttpRequest request = HttpRequest.post(spaceUrl + "/gradio_api/upload?upload_id=" + session.sessionHash())
                .body(new Body.Multipart(parts)).build();
        JsonNode paths = ctx.http().json(request);
        if (!paths.isArray() || paths.size() != files.size()) {
            throw MalformedResponseException.invalid("the upload answered " + Redaction.excerpt(paths.toString(), 120)
                    + " for " + files.size() + " file(s)");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String path = Json.text(paths.get(i));
            LoadedMedia f = files.get(i);
            ObjectNode fileData = Json.object().put("path", path).put("url", fileUrl(path)).put("orig_name", f.filename())
                    .put("size", f.size()).put("mime_type", f.mimeType());
            fileData.putObject("meta").put("_type", "gradio.FileData");
            out.add(fileData);
        }
        return List.copyOf(out);
    }

    /** Joins the queue with {@code call}, then reads the session's event stream until the job completes. */
    public void run(CallContext ctx, GradioSession session, GradioCall call, Emitter out) throws IOException {
        Optional<String> eventId = join(ctx, session, call);
        try (HttpResponse response = openData(ctx, session)) {
            new QueueStream(this, eventId, call, out).read(response.body(), ctx.http().bodyLimit());
        }
    }

    /** {@code POST /gradio_api/queue/join?__theme=light}; the answer's {@code event_id}, when it has one. */
    private Optional<String> join(CallContext ctx, GradioSession session, GradioCall call) {
        ObjectNode body = Json.object();
        body.set("data", call.data());
        body.putNull("event_data");
        body.put("fn_index", call.fnIndex()).put("trigger_id", call.triggerId()).put("session_hash", session.sessionHash());
        HttpRequest.Builder request = HttpRequest.post(spaceUrl + "/gradio_api/queue/join?__theme=light")
                .jsonOf(body);
        session.zeroGpuToken().ifPresent(t -> request.header("x-zerogpu-token", t));
        session.zeroGpuUuid().ifPresent(u -> request.header("x-zerogpu-uuid", u));
        request.header("Referer", referer());
        HttpResponse response = ctx.http().send(request.build());
        if (!response.isSuccess()) {
            throw GradioErrors.httpFailure(response, ctx.provider(), ctx.clock().instant());
        }
        JsonNode answer = HttpErrors.readJson(response, ctx.provider(), ctx.http().bodyLimit());
        String id = Json.text(answer.get("event_id"));
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * {@code GET /gradio_api/queue/data?session_hash=...}, checked: an error status, an HTML page or
     * another content type instead of the event stream is a failure (g4f reads any answer as the stream).
     */
    private HttpResponse openData(CallContext ctx, GradioSession session) {
        HttpRequest request = HttpRequest.get(spaceUrl + "/gradio_api/queue/data?session_hash=" + session.sessionHash())
                .header("Accept", "text/event-stream").header("Content-Type", "application/json")
                .header("Referer", referer()).build();
        HttpResponse response = ctx.http().send(request);
        if (!response.isSuccess()) {
            throw GradioErrors.httpFailure(response, ctx.provider(), ctx.clock().instant());
        }
        String type = response.mediaType();
        if (type.isEmpty() || type.equals("text/event-stream")) {
            return response;
        }
        try (response) {
            String text = new String(head(response), response.charset());
            if (HttpErrors.isBotWall(response.headers(), text)) {
                throw new BlockedException("blocked by a bot wall instead of the queue's event stream", ctx.provider(),
                        response.status(), Redaction.excerpt(text, HttpErrors.EXCERPT_LENGTH));
            }
            if (HttpErrors.isHtml(response.contentType(), text)) {
                String title = HttpErrors.htmlTitle(text);
                throw new MalformedResponseException(ErrorKind.INVALID_RESPONSE,
                        "expected the queue's event stream, got an HTML page" + (title.isEmpty() ? "" : " (" + title + ")"));
            }
            throw new MalformedResponseException(ErrorKind.UNSUPPORTED_CONTENT_TYPE,
                    "expected the queue's event stream, got " + type);
        }
    }

    private static byte[] head(HttpResponse response) {
        try {
            return response.body().readNBytes(HttpErrors.ERROR_BODY_LIMIT);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String stripSlashes(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    @Override
    public String toString() {
        return "GradioSpace[" + spaceId + " at " + spaceUrl + "]";
    }
}
