package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.http.Json;
import java.util.Optional;

/**
 * The human-readable status of the Gradio queue's non-terminal messages (protocols.md §2.4, §2.5). The
 * wording follows g4f where g4f has one ({@code "<desc> <index>/<length>"}, {@code Generating}), without
 * its {@code None} for missing parts; queue positions, which g4f does not show, are ours.
 */
final class QueueStatus {
    private QueueStatus() {}

    /** {@code estimation}: the queue position ({@code rank} 0 is next) and its ETA. */
    static String estimation(JsonNode message) {
        JsonNode rank = message.get("rank");
        String eta = eta(message.get("rank_eta"));
        if (rank == null || !rank.isNumber()) {
            return "Waiting in queue" + eta;
        }
        if (rank.asLong() <= 0) {
            return "Next in queue" + eta;
        }
        JsonNode size = message.get("queue_size");
        return "In queue: position " + (rank.asLong() + 1)
                + (size != null && size.isNumber() ? " of " + size.asLong() : "") + eta;
    }

    /** {@code process_starts}: a worker took the job; {@code eta} is the average run time so far. */
    static String processStarts(JsonNode message) {
        return "Processing" + eta(message.get("eta"));
    }

    /**
     * The status text of a {@code progress} message's first unit (g4f reads only the first):
     * {@code "<desc> <index>/<length>"}, {@code "<desc> <index> <unit>"}, or {@code "<desc> <percent>%"}
     * for a fraction; {@code Generating} for an empty list.
     */
    static String progress(JsonNode message) {
        JsonNode unit = firstUnit(message);
        if (unit == null) {
            return "Generating";
        }
        StringBuilder sb = new StringBuilder(Json.text(unit.get("desc")).strip());
        JsonNode index = unit.get("index");
        JsonNode length = unit.get("length");
        JsonNode fraction = unit.get("progress");
        String amount = "";
        if (isNumber(index) && isNumber(length)) {
            amount = count(index) + "/" + count(length);
        } else if (isNumber(index)) {
            String name = Json.text(unit.get("unit"));
            amount = count(index) + (name.isEmpty() ? "" : " " + name);
        } else if (isNumber(fraction)) {
            amount = percent(fraction) + "%";
        }
        if (!amount.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : " ").append(amount);
        }
        return sb.isEmpty() ? "Generating" : sb.toString();
    }

    /** The measured part of a {@code progress} message's first unit, when it has numbers. */
    static Optional<ChatEvent.Progress> progressEvent(JsonNode message) {
        JsonNode unit = firstUnit(message);
        if (unit == null) {
            return Optional.empty();
        }
        String label = Json.text(unit.get("desc"));
        if (label.isEmpty()) {
            label = Json.text(unit.get("unit"));
        }
        JsonNode index = unit.get("index");
        JsonNode length = unit.get("length");
        JsonNode fraction = unit.get("progress");
        if (isNumber(index)) {
            return Optional.of(new ChatEvent.Progress(label, count(index), isNumber(length) ? count(length) : 0));
        }
        if (isNumber(fraction)) {
            return Optional.of(new ChatEvent.Progress(label, percent(fraction), 100));
        }
        return Optional.empty();
    }

    /** {@code Generating} plus dots: 3 for the first heartbeat of a stream, one more for each after it. */
    static String heartbeat(int count) {
        return "Generating" + ".".repeat(3 + count);
    }

    private static JsonNode firstUnit(JsonNode message) {
        JsonNode units = message.get("progress_data");
        if (units == null || !units.isArray() || units.isEmpty() || !units.get(0).isObject()) {
            return null;
        }
        return units.get(0);
    }

    private static String eta(JsonNode seconds) {
        return isNumber(seconds) ? " (about " + Math.max(1, Math.round(seconds.asDouble())) + "s)" : "";
    }

    /** A count from the wire; a negative one (a broken tqdm, found by fuzzing) is 0. */
    private static long count(JsonNode n) {
        return Math.max(0, n.asLong());
    }

    /** A fraction as a percentage within 0 to 100. */
    private static long percent(JsonNode fraction) {
        return Math.max(0, Math.min(100, Math.round(fraction.asDouble() * 100)));
    }

    private static boolean isNumber(JsonNode node) {
        return node != null && node.isNumber();
    }
}
