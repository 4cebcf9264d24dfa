package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Objects;

/**
 * One call of a Gradio app function through the queue (protocols.md §2.3).
 *
 * @param fnIndex the function's index in the app's dependency list ({@code fn_index})
 * @param triggerId the id of the component event that triggers it ({@code trigger_id})
 * @param data one value per input component, FileData objects for uploaded files
 * @param outputIndex which output component holds the answer (text, a Gallery or an image)
 * @param prompt the prompt to report with generated images
 */
public record GradioCall(int fnIndex, int triggerId, ArrayNode data, int outputIndex, String prompt) {

    /** Validates and copies. */
    public GradioCall {
        data = Objects.requireNonNull(data, "data").deepCopy();
        Objects.requireNonNull(prompt, "prompt");
        if (outputIndex < 0) {
            throw new IllegalArgumentException("outputIndex must not be negative");
        }
    }

    /** A copy of the input values. */
    @Override
    public ArrayNode data() {
        return data.deepCopy();
    }
}
