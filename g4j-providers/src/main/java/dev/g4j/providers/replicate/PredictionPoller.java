package dev.g4j.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.G4jTimeoutException;
import dev.g4j.InvalidRequestException;
import dev.g4j.UpstreamException;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Json;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The "create a prediction, then poll it" protocol engine (Replicate's prediction lifecycle,
 * protocols.md §3 and RP-DOC): one request creates the prediction; GETs poll it at once and then once
 * per interval, at most {@code maxPolls} times, until a terminal status.
 *
 * <ul>
 *   <li>{@code succeeded}: the output goes to the {@link PredictionOutput};
 *   <li>{@code failed}: {@code prediction_failed} with the service's error text;
 *   <li>{@code canceled} and {@code aborted}: {@code prediction_canceled} at once (g4f kept polling);
 *   <li>anything else is still running: a progress item and a status per poll, partial output to the
 *       {@link PredictionOutput}, then a wait with the call's (injected) sleeper;
 *   <li>the budget used up: a timeout.
 * </ul>
 *
 * <p>Answers are read as JSON whatever their content type (the homepage API served JSON as
 * {@code text/plain} at times). Status errors go through the shared {@link HttpErrors} mapper; RFC 7807
 * problem documents (RP-ERR) keep their {@code title} in the message.
 */
final class PredictionPoller {

    /**
     * How one prediction is created and polled.
     *
     * @param create the request that creates the prediction
     * @param poll the poll request for a prediction id
     * @param interval the wait after each poll that shows the prediction still running
     * @param maxPolls the poll budget, at least one
     */
    record Plan(HttpRequest create, Function<String, HttpRequest> poll, Duration interval, int maxPolls) {
        Plan {
            Objects.requireNonNull(create, "create");
            Objects.requireNonNull(poll, "poll");
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new InvalidRequestException("option poll_interval must not be negative: " + interval);
            }
            if (maxPolls < 1) {
                throw new InvalidRequestException("option max_polls must be at least 1: " + maxPolls);
            }
        }
    }

    private final CallContext ctx;
    private final Plan plan;

    PredictionPoller(CallContext ctx, Plan plan) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** Creates the prediction and polls it to its end, handing its output to {@code output}. */
    void run(PredictionOutput output, Emitter out) throws InterruptedException {
        String id = Prediction.created(exchange(plan.create())).id();
        for (int poll = 1; ; poll++) {
            Prediction p = Prediction.polled(exchange(plan.poll().apply(id)));
            out.emit(new ChatEvent.Progress("poll", poll, plan.maxPolls()));
            switch (p.status()) {
                case Prediction.SUCCEEDED -> {
                    output.succeeded(p.output(), out);
                    return;
                }
                case Prediction.FAILED -> throw failed(p);
                case Prediction.CANCELED, Prediction.ABORTED -> throw canceled(p);
                default -> {
                    out.status(p.status() + " (poll " + poll + "/" + plan.maxPolls() + ")");
                    output.running(p.output(), out);
                }
            }
            if (poll >= plan.maxPolls()) {
                throw new G4jTimeoutException("prediction " + id + " timed out: still " + p.status() + " after "
                        + poll + (poll == 1 ? " poll" : " polls") + " " + plan.interval().toMillis() + " ms apart");
            }
            ctx.sleep(plan.interval());
        }
    }

    private static UpstreamException failed(Prediction p) {
        String error = p.error().orElse("no error message");
        return new UpstreamException(ErrorKind.PREDICTION_FAILED, "prediction failed: " + error, null,
                p.error().orElse(null));
    }

    private static UpstreamException canceled(Prediction p) {
        String why = p.status().equals(Prediction.ABORTED)
                ? "prediction aborted: its deadline passed before it started"
                : "prediction canceled";
        return new UpstreamException(ErrorKind.PREDICTION_CANCELED, why + p.error().map(e -> " (" + e + ")").orElse(""));
    }

    private JsonNode exchange(HttpRequest request) {
        HttpResponse response = ctx.http().send(request);
        if (!response.isSuccess()) {
            throw failure(response, ctx.provider());
        }
        return HttpErrors.readJson(response, ctx.provider(), ctx.http().bodyLimit());
    }

    /** The shared status mapping, fed a problem document in the shape it reads its message from. */
    static G4jException failure(HttpResponse response, String provider) {
        String body;
        try (response) {
            body = new String(response.body().readNBytes(HttpErrors.ERROR_BODY_LIMIT), response.charset());
        } catch (IOException | RuntimeException e) {
            body = "";
        }
        return HttpErrors.failure(response.status(), response.headers(), withProblemMessage(body), provider);
    }

    /**
     * An RFC 7807 problem document ({@code title}, {@code detail}, {@code status}) with an {@code error}
     * field in front that joins title and detail: the shared mapper would otherwise report the detail
     * alone, and the title is the short statement ("Invalid version or not permitted").
     */
    static String withProblemMessage(String body) {
        JsonNode node = body.stripLeading().startsWith("{") ? Json.tryParse(body) : null;
        if (node == null || !node.isObject() || node.has("error") || Json.text(node.get("title")).isBlank()) {
            return body;
        }
        String title = Json.text(node.get("title")).strip();
        String detail = Json.text(node.get("detail")).strip();
        ObjectNode normalized = Json.object().put("error", detail.isEmpty() || detail.equals(title)
                ? title : title + ": " + detail);
        normalized.setAll((ObjectNode) node);
        return Json.write(normalized);
    }
}
