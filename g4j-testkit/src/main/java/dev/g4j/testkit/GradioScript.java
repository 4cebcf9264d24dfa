package dev.g4j.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages a {@link GradioSimulator} streams for one queue join. {@code close_stream} is appended
 * after the session's last pending job unless the script says otherwise.
 *
 * @param messages the messages, in order
 * @param closeStream whether {@code close_stream} may follow this job
 */
public record GradioScript(List<GradioMessage> messages, boolean closeStream) {

    /** Validates and copies. */
    public GradioScript {
        messages = List.copyOf(messages);
    }

    /** These messages, then {@code close_stream}. */
    public static GradioScript of(GradioMessage... messages) {
        return new GradioScript(List.of(messages), true);
    }

    /** Estimation, process_starts, a completed text answer. */
    public static GradioScript textAnswer(String text) {
        return of(GradioMessage.estimation(0, 1, 9.41), GradioMessage.processStarts(9.41),
                GradioMessage.completedText(text));
    }

    /** Estimation, process_starts, a completed Gallery. */
    public static GradioScript gallery(List<String> urls) {
        return of(GradioMessage.estimation(0, 1, 20.4), GradioMessage.processStarts(20.4),
                GradioMessage.completedGallery(urls));
    }

    /** Estimation, process_starts, a failed completion with a title (Gradio 5.3+). */
    public static GradioScript error(String title, String message) {
        return of(GradioMessage.estimation(0, 1, 9.41), GradioMessage.processStarts(9.41),
                GradioMessage.completedError(title, message));
    }

    /**
     * A generator: the first piece as a full value, each later piece as an {@code append} diff, then the
     * full text in {@code process_completed}.
     */
    public static GradioScript generating(List<String> pieces) {
        List<GradioMessage> messages = new ArrayList<>();
        messages.add(GradioMessage.estimation(0, 1, 1.0));
        messages.add(GradioMessage.processStarts(1.0));
        for (int i = 0; i < pieces.size(); i++) {
            messages.add(i == 0 ? GradioMessage.generating(Json.array().add(pieces.get(0)))
                    : GradioMessage.generatingAppend(pieces.get(i)));
        }
        messages.add(GradioMessage.completedText(String.join("", pieces)));
        return new GradioScript(messages, true);
    }

    /** This script without the trailing {@code close_stream} (the stream just ends). */
    public GradioScript withoutCloseStream() {
        return new GradioScript(messages, false);
    }
}
