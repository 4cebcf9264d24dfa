package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The stateless parts of the Gradio routes (GR-RT in protocols.md): uploads and join validation. */
final class GradioRoutes {

    private GradioRoutes() {}

    /** {@code POST /gradio_api/upload}: a JSON list of {@code /tmp/gradio/<sha256>/<name>} paths. */
    static Response upload(RecordedRequest request, long maxFileSize, List<MultipartPart> uploads) {
        String contentType = request.header("Content-Type").orElse("");
        if (Forms.boundary(contentType).isEmpty()) {
            return SimulatorCore.detail(400, "Invalid content type.");
        }
        List<MultipartPart> parts;
        try {
            parts = request.multipartParts();
        } catch (IllegalArgumentException e) {
            return Response.text(400, "There was an error parsing the body");
        }
        ArrayNode paths = Json.array();
        for (MultipartPart part : parts) {
            if (!part.name().equals("files")) {
                continue;
            }
            if (part.size() > maxFileSize) {
                return Response.text(413, "File size exceeded maximum allowed size of " + maxFileSize + " bytes.");
            }
            uploads.add(part);
            String sha = sha256(part.body());
            String name = part.filename().map(GradioRoutes::sanitize).filter(n -> !n.isEmpty())
                    .orElse("tmp" + sha.substring(0, 10));
            paths.add("/tmp/gradio/" + sha + "/" + name);
        }
        return SimulatorCore.json(200, paths);
    }

    /** The refusals of {@code POST /gradio_api/queue/join}, in the order Gradio checks them. */
    static Optional<Response> refuseJoin(JsonNode body, boolean queueFull) {
        if (!body.isObject() || !body.has("data")) {
            ObjectNode error = Json.object();
            ObjectNode item = error.putArray("detail").addObject().put("type", "missing");
            item.putArray("loc").add("body").add("data");
            item.put("msg", "Field required").set("input", body);
            return Optional.of(SimulatorCore.json(422, error));
        }
        if (!body.hasNonNull("session_hash")) {
            return Optional.of(SimulatorCore.detail(400, "Session hash not found."));
        }
        if (!body.hasNonNull("fn_index")) {
            return Optional.of(SimulatorCore.detail(400, "No function index provided."));
        }
        if (queueFull) {
            return Optional.of(SimulatorCore.detail(503, "Queue is full. Max size is 20 and size is 20."));
        }
        return Optional.empty();
    }

    static Response invalidJson(String message) {
        ObjectNode error = Json.object();
        ObjectNode item = error.putArray("detail").addObject().put("type", "json_invalid");
        item.putArray("loc").add("body").add(0);
        item.put("msg", "JSON decode error").putObject("ctx").put("error", message);
        return SimulatorCore.json(422, error);
    }

    /** What Gradio sends for {@code /queue/data} of an unknown session: one event, then the connection dies. */
    static Response sessionNotFound() {
        return Response.sseRaw(Fixtures.bytes("janus/data_unexpected_error_session_not_found.sse")).thenReset();
    }

    /** Keeps letters, digits, {@code .}, {@code _} and {@code -}, like Gradio's file name cleaning. */
    static String sanitize(String filename) {
        String base = filename.substring(filename.lastIndexOf('/') + 1);
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
