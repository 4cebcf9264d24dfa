package dev.g4j.providers.gradio;

import static dev.g4j.providers.gradio.JanusClients.events;
import static dev.g4j.providers.gradio.JanusClients.vision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.g4j.ChatEvent;
import dev.g4j.ChatStream;
import dev.g4j.ErrorKind;
import dev.g4j.G4j;
import dev.g4j.G4jException;
import dev.g4j.RateLimitedException;
import dev.g4j.UpstreamException;
import dev.g4j.testkit.Fault;
import dev.g4j.testkit.GradioMessage;
import dev.g4j.testkit.GradioScript;
import dev.g4j.testkit.GradioSimulator;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How DeepseekAI_JanusPro7b fails, and how it streams, against a simulated Janus Space. */
class JanusFailureAndStreamingTest {
    private static final String QUOTA = "You have exceeded your GPU quota (60s requested vs. 41s left). "
            + "<a style=\"white-space: nowrap\" href=\"https://huggingface.co/join\">Create a free account</a> "
            + "to get more usage quota.";

    private GradioSimulator space;
    private G4j g4j;

    @AfterEach
    void tearDown() {
        if (g4j != null) {
            g4j.close();
        }
        if (space != null) {
            assertThat(space.loopback().failures()).isEmpty();
            space.close();
        }
    }

    private void start(GradioSimulator.Builder builder) {
        space = builder.start();
        g4j = JanusClients.client(space);
    }

    @Test
    void reportsAZeroGpuQuotaAsARetryableQuotaFailureWithoutTheLink() {
        start(GradioSimulator.builder());
        space.enqueueScripts(GradioScript.error("ZeroGPU quota exceeded", QUOTA));

        assertThatThrownBy(() -> events(g4j, vision("What is it?")))
                .asInstanceOf(type(UpstreamException.class))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("You have exceeded your GPU quota (60s requested vs. 41s left).");
                    assertThat(e.title()).hasValue("ZeroGPU quota exceeded");
                    assertThat(e.provider()).hasValue(JanusClients.PROVIDER);
                });
    }

    @Test
    void readsTheLegacyQuotedQuotaMessageOfGradioFiveZero() {
        start(GradioSimulator.builder());
        space.enqueueScripts(GradioScript.of(GradioMessage.completedErrorLegacy(QUOTA)));

        assertThatThrownBy(() -> events(g4j, vision("What is it?")))
                .asInstanceOf(type(UpstreamException.class))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
                    assertThat(e.getMessage()).isEqualTo("You have exceeded your GPU quota (60s requested vs. 41s left).");
                    assertThat(e.title()).isEmpty();
                });
    }

    @Test
    void reportsAFullQueueAsRateLimited() {
        start(GradioSimulator.builder());
        space.queueFull(true);

        assertThatThrownBy(() -> events(g4j, vision("What is it?")))
                .asInstanceOf(type(RateLimitedException.class))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.status()).hasValue(503);
                    assertThat(e.getMessage()).contains("Queue is full");
                });
    }

    @Test
    void reportsAnHtmlPageInsteadOfTheEventStreamAsAnInvalidResponse() {
        start(GradioSimulator.builder());
        space.failNext("/gradio_api/queue/data", Fault.page(200, "janus/space_unavailable_503.html"));

        assertThatThrownBy(() -> events(g4j, vision("What is it?")))
                .asInstanceOf(type(G4jException.class))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
                    assertThat(e.getMessage()).contains("HTML page").contains("503 - Space unavailable");
                });
    }

    @Test
    void reportsAMissingQueueStreamAsAnHttpStatusFailure() {
        start(GradioSimulator.builder());
        space.failNext("/gradio_api/queue/data", Fault.page(404, "dynaspark/error_404_flask.html"));

        assertThatThrownBy(() -> events(g4j, vision("What is it?")))
                .asInstanceOf(type(G4jException.class))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.HTTP_STATUS);
                    assertThat(e.status()).hasValue(404);
                });
    }

    @Test
    void reportsAStreamCutBeforeTheResultAsTruncated() {
        start(GradioSimulator.builder());
        space.enqueueScripts(GradioScript.of(GradioMessage.estimation(0, 1, 1.0), GradioMessage.processStarts(1.0))
                .withoutCloseStream());

        assertThatThrownBy(() -> events(g4j, vision("What is it?")))
                .asInstanceOf(type(G4jException.class))
                .extracting(G4jException::kind).isEqualTo(ErrorKind.TRUNCATED_STREAM);
    }

    @Test
    void deliversEachMessageAsItArrivesFromAThrottledStream() {
        start(GradioSimulator.builder().eventDelay(Duration.ofMillis(150)));
        space.enqueueScripts(GradioScript.of(GradioMessage.estimation(0, 1, 1.0), GradioMessage.processStarts(1.0),
                GradioMessage.heartbeat(), GradioMessage.heartbeat(), GradioMessage.completedText("done")));

        long firstStatus = 0;
        long answer = 0;
        try (ChatStream stream = g4j.chat().stream(vision("What is it?"))) {
            for (ChatEvent e : stream) {
                if (e instanceof ChatEvent.Status && firstStatus == 0) {
                    firstStatus = System.nanoTime();
                } else if (e instanceof ChatEvent.TextDelta) {
                    answer = System.nanoTime();
                }
            }
        }
        // five messages 150 ms apart: the first status came well before the answer, not with it
        assertThat(Duration.ofNanos(answer - firstStatus)).isGreaterThan(Duration.ofMillis(400));
    }

    @Test
    void closingTheStreamEarlyDisconnectsFromTheQueue() throws Exception {
        start(GradioSimulator.builder());
        space.enqueueScripts(GradioScript.textAnswer("never read"));
        space.failNext("/gradio_api/queue/data", Fault.stallAfterChunks(2));

        try (ChatStream stream = g4j.chat().stream(vision("What is it?"))) {
            Iterator<ChatEvent> it = stream.iterator();
            ChatEvent e;
            do {
                e = it.next();
            } while (!(e instanceof ChatEvent.Status s && s.message().startsWith("Processing")));
        }

        assertThat(space.loopback().awaitClientDisconnect(Duration.ofSeconds(5))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (g4j.activeCalls() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(g4j.activeCalls()).isZero();
    }
}
