package dev.g4j.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.spi.Emitter;

/**
 * What a model's output means to the caller. One instance serves one call (it may remember what it
 * emitted already); the polling engine hands it the {@code output} field of every poll.
 */
interface PredictionOutput {

    /** The output shown by a poll of a prediction that is still running; may be a null node. */
    void running(JsonNode output, Emitter out);

    /**
     * The output of the succeeded prediction. Throws an {@code empty_output} failure when the prediction
     * produced nothing.
     */
    void succeeded(JsonNode output, Emitter out);
}
