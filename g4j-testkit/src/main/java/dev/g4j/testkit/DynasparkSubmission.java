package dev.g4j.testkit;

import java.util.Objects;
import java.util.Optional;

/**
 * One form a {@link DynasparkSimulator} received, parsed.
 *
 * @param userInput the {@code user_input} field
 * @param aiModel the {@code ai_model} field
 * @param file the {@code file} part, for multipart submissions with an image
 * @param multipart whether the body was {@code multipart/form-data} (else urlencoded)
 */
public record DynasparkSubmission(String userInput, String aiModel, Optional<MultipartPart> file, boolean multipart) {

    /** Validates. */
    public DynasparkSubmission {
        Objects.requireNonNull(userInput, "userInput");
        Objects.requireNonNull(aiModel, "aiModel");
        Objects.requireNonNull(file, "file");
    }
}
