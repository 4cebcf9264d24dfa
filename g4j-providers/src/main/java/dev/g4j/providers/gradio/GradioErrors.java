package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.HttpStatusException;
import dev.g4j.MissingAuthException;
import dev.g4j.RateLimitedException;
import dev.g4j.UpstreamException;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The Gradio queue protocol's own failure cases on top of the shared status check
 * ({@link HttpErrors}): a join refused with {@code 503 Queue is full}, Hugging Face messages that end in
 * an HTML link, and the errors reported inside a {@code 200} event stream (protocols.md §2.3, §2.4).
 */
final class GradioErrors {
    /** Hugging Face puts an HTML link after its messages; g4f's hf_space check cuts there. */
    private static final String LINK = " <a ";

    private GradioErrors() {}

    /** The failure for a non-2xx answer of a Gradio route; closes the response. */
    static G4jException httpFailure(HttpResponse response, String provider, Instant now) {
        String body;
        try (response) {
            body = new String(response.body().readNBytes(HttpErrors.ERROR_BODY_LIMIT), response.charset());
        } catch (IOException | RuntimeException e) {
            body = "";
        }
        int status = response.status();
        G4jException shared = HttpErrors.failure(status, response.headers(), body, provider);
        String message = shared.getMessage();
        String excerpt = shared.bodyExcerpt().orElse(null);
        boolean json = !HttpErrors.isHtml(response.contentType(), body);
        if (json && status == 503 && message.contains("Queue is full")) {
            // Gradio's queue refuses joins with 503 when max_size is reached: a rate limit, not an outage
            return new RateLimitedException(message, provider, status, excerpt,
                    HttpErrors.retryAfter(response.headers(), now).orElse(null));
        }
        if (!message.contains(LINK)) {
            return shared;
        }
        String cut = cutLink(message);
        return switch (shared) {
            case RateLimitedException r -> new RateLimitedException(cut, provider, status, excerpt, r.retryAfter().orElse(null));
            case MissingAuthException m -> new MissingAuthException(cut, provider, status, excerpt);
            case HttpStatusException h -> new HttpStatusException(cut, provider, status, excerpt);
            default -> shared;
        };
    }

    /**
     * The failure a {@code process_completed} with {@code success: false} reports. Its {@code output} is
     * Gradio's {@code error_payload}: {@code {"error": message, "title": ...}} from 5.3 on, the message in
     * Python repr quotes and no title before; {@code {"error": null}} when the app hides its errors.
     */
    static UpstreamException completedFailure(JsonNode message) {
        JsonNode output = message.path("output");
        String title = Json.text(message.get("title"));
        if (title.isEmpty()) {
            title = Json.text(output.get("title"));
        }
        String raw = Json.text(output.get("error"));
        String titleOrNull = title.isEmpty() ? null : title;
        if (raw.isBlank()) {
            return new UpstreamException(ErrorKind.RESPONSE_ERROR, title.isEmpty() ? "Error" : title, titleOrNull, null);
        }
        String text = cutLink(unquote(raw));
        if (text.isEmpty()) {
            text = title.isEmpty() ? "Error" : title;
        }
        ErrorKind kind = isQuota(title, text) ? ErrorKind.QUOTA_EXCEEDED : ErrorKind.RESPONSE_ERROR;
        return new UpstreamException(kind, text, titleOrNull, text.equals(raw) ? null : raw);
    }

    /** An {@code unexpected_error} message: the queue stopped, or the stream itself failed (e.g. unknown session). */
    static UpstreamException unexpected(JsonNode message) {
        String text = Json.text(message.get("message"));
        return new UpstreamException(ErrorKind.RESPONSE_ERROR, text.isBlank() ? "Unexpected error" : cutLink(text));
    }

    /** ZeroGPU's quota refusals, by title or by the wording of the {@code spaces} package (protocols.md §2.4). */
    static boolean isQuota(String title, String message) {
        String t = title.toLowerCase(Locale.ROOT);
        String m = message.toLowerCase(Locale.ROOT);
        return t.contains("quota") || m.contains("gpu quota") || m.contains("zerogpu quota")
                || m.contains("reached its gpu limit");
    }

    /** The text before Hugging Face's inline {@code <a ...>} link, trimmed. */
    static String cutLink(String text) {
        int at = text.indexOf(LINK);
        return (at < 0 ? text : text.substring(0, at)).strip();
    }

    /** Gradio 5.0-5.2 send {@code str(gr.Error)}, which is {@code repr(message)}: strip the quotes and escapes. */
    static String unquote(String text) {
        if (text.length() < 2) {
            return text;
        }
        char first = text.charAt(0);
        if ((first != '\'' && first != '"') || text.charAt(text.length() - 1) != first) {
            return text;
        }
        String inner = text.substring(1, text.length() - 1);
        StringBuilder sb = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                char next = inner.charAt(++i);
                sb.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
