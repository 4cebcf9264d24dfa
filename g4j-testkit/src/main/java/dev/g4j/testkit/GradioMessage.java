package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One message of Gradio's {@code /queue/data} stream (Gradio 5 {@code server_messages.py}): every field
 * present, {@code null} included, in declaration order after {@code msg} and {@code event_id}. The
 * event id is filled in when the message is sent for a particular join.
 *
 * @param msg the message kind, e.g. {@code process_completed}
 * @param ownEventId whether the message carries the job's event id ({@code heartbeat},
 *     {@code close_stream} and {@code unexpected_error} carry {@code null})
 * @param fields the fields after {@code event_id}, in order
 */
public record GradioMessage(String msg, boolean ownEventId, ObjectNode fields) {

    /** Validates and copies. */
    public GradioMessage {
        Objects.requireNonNull(msg, "msg");
        fields = fields.deepCopy();
    }

    /** A copy of the fields. */
    @Override
    public ObjectNode fields() {
        return fields.deepCopy();
    }

    /** {@code estimation}: the queue position (0 = next) and its ETA in seconds. */
    public static GradioMessage estimation(int rank, int queueSize, double rankEta) {
        return new GradioMessage("estimation", true, Json.object().put("rank", rank).put("queue_size", queueSize)
                .put("rank_eta", rankEta));
    }

    /** {@code process_starts} with an ETA in seconds. */
    public static GradioMessage processStarts(double eta) {
        return new GradioMessage("process_starts", true, Json.object().put("eta", eta));
    }

    /** {@code progress} with one unit: {@code index} of {@code length} {@code unit}s, described. */
    public static GradioMessage progress(int index, int length, String unit, String desc) {
        ObjectNode fields = Json.object();
        fields.putArray("progress_data").addObject().put("index", index).put("length", length).put("unit", unit)
                .putNull("progress").put("desc", desc);
        return new GradioMessage("progress", true, fields);
    }

    /** {@code progress} with an empty unit list. */
    public static GradioMessage progressEmpty() {
        ObjectNode fields = Json.object();
        fields.putArray("progress_data");
        return new GradioMessage("progress", true, fields);
    }

    /** {@code log} ({@code gr.Info} / {@code gr.Warning}): Gradio 5.3+ form, with a title. */
    public static GradioMessage log(String text, String level) {
        String title = level.isEmpty() ? "" : Character.toUpperCase(level.charAt(0)) + level.substring(1);
        return new GradioMessage("log", true, Json.object().put("log", text).put("level", level).put("duration", 10.0)
                .put("visible", true).put("title", title));
    }

    /** {@code heartbeat}, sent after 15 s of silence. */
    public static GradioMessage heartbeat() {
        return new GradioMessage("heartbeat", false, Json.object());
    }

    /** {@code process_generating} carrying full values (the first one of a generator). */
    public static GradioMessage generating(JsonNode data) {
        return new GradioMessage("process_generating", true, outputFields(data, true, "time_limit"));
    }

    /** {@code process_generating} carrying one {@code append} edit per output (Gradio's diff format). */
    public static GradioMessage generatingAppend(String suffix) {
        ArrayNode data = Json.array();
        data.addArray().addArray().add("append").add(Json.array()).add(suffix);
        return new GradioMessage("process_generating", true, outputFields(data, true, "time_limit"));
    }

    /** A successful {@code process_completed} with the outputs' values ({@code "title": null}, Gradio 5.5+). */
    public static GradioMessage completed(JsonNode data) {
        return new GradioMessage("process_completed", true, outputFields(data, false, "title"));
    }

    /** A successful {@code process_completed} with one text output. */
    public static GradioMessage completedText(String text) {
        return completed(Json.array().add(text));
    }

    /** A successful {@code process_completed} with a Gallery of these image URLs (FileData, webp). */
    public static GradioMessage completedGallery(List<String> urls) {
        ArrayNode gallery = Json.array();
        for (String url : urls) {
            ObjectNode image = gallery.addObject().putObject("image");
            int at = url.indexOf("/gradio_api/file=");
            image.put("path", at < 0 ? url : url.substring(at + "/gradio_api/file=".length())).put("url", url)
                    .putNull("size").putNull("orig_name").putNull("mime_type").put("is_stream", false)
                    .putObject("meta").put("_type", "gradio.FileData");
            ((ObjectNode) gallery.get(gallery.size() - 1)).putNull("caption");
        }
        return completed(Json.array().add(gallery));
    }

    /** A failed {@code process_completed} as Gradio 5.3+ sends a {@code gr.Error}: message and title. */
    public static GradioMessage completedError(String title, String message) {
        ObjectNode fields = Json.object();
        fields.putObject("output").put("error", message).put("duration", 10).put("visible", true).put("title", title);
        fields.put("success", false).put("title", title);
        return new GradioMessage("process_completed", true, fields);
    }

    /** A failed {@code process_completed} as Gradio 5.0-5.2 sends it: repr-quoted message, no title. */
    public static GradioMessage completedErrorLegacy(String message) {
        String repr = message.contains("'") ? "\"" + message + "\"" : "'" + message + "'";
        ObjectNode fields = Json.object();
        fields.putObject("output").put("error", repr).put("duration", 10).put("visible", true);
        fields.put("success", false);
        return new GradioMessage("process_completed", true, fields);
    }

    /**
     * A failed {@code process_completed} for an exception other than {@code gr.Error}, as an app launched
     * with {@code show_error} sends it (Gradio 5.5+): {@code {"error": "<str(exception)>"}}, title {@code Error}.
     */
    public static GradioMessage completedException(String message) {
        ObjectNode fields = Json.object();
        fields.putObject("output").put("error", message);
        fields.put("success", false).put("title", "Error");
        return new GradioMessage("process_completed", true, fields);
    }

    /** {@code unexpected_error}, e.g. {@code "Server stopped unexpectedly."}. */
    public static GradioMessage unexpectedError(String message) {
        return new GradioMessage("unexpected_error", false, Json.object().put("message", message).put("success", false));
    }

    /** {@code close_stream}: the session has nothing more pending. */
    public static GradioMessage closeStream() {
        return new GradioMessage("close_stream", false, Json.object());
    }

    private static ObjectNode outputFields(JsonNode data, boolean generating, String lastField) {
        ObjectNode fields = Json.object();
        ObjectNode output = fields.putObject("output");
        output.set("data", data.deepCopy());
        output.put("is_generating", generating).put("duration", 0.05).put("average_duration", 0.05)
                .putNull("render_config").putArray("changed_state_ids");
        fields.put("success", true).putNull(lastField);
        return fields;
    }

    /** The {@code data: ...\n\n} event for the job with this event id. */
    byte[] event(String eventId) {
        ObjectNode message = Json.object().put("msg", msg);
        if (ownEventId) {
            message.put("event_id", eventId);
        } else {
            message.putNull("event_id");
        }
        message.setAll(fields);
        return Sse.event(Json.write(message));
    }
}
