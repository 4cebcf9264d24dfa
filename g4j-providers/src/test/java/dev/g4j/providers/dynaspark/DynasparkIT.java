package dev.g4j.providers.dynaspark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.ErrorKind;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.G4jException;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.ModelNotFoundException;
import dev.g4j.testkit.DynasparkSimulator;
import dev.g4j.testkit.DynasparkSubmission;
import dev.g4j.testkit.Fault;
import dev.g4j.testkit.Fixtures;
import dev.g4j.testkit.MultipartPart;
import dev.g4j.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dynaspark through a real client against the loopback Dynaspark simulator. */
class DynasparkIT {
    private static final byte[] KITTEN = Fixtures.bytes("janus/kitten.png");
    private static final byte[] GIF = HexFormat.of().parseHex(
            "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b");

    private DynasparkSimulator dynaspark;

    @AfterEach
    void stop() {
        assertThat(dynaspark.loopback().failures()).isEmpty();
        dynaspark.close();
    }

    private List<ChatEvent> run(ChatRequest request, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("G4J_DYNASPARK_BASE_URL", dynaspark.uri().toString());
        List<ChatEvent> events = new ArrayList<>();
        try (G4j g4j = G4j.builder().providers(List.of(new Dynaspark()))
                        .config(G4jConfig.builder().environment(all).configFile(Optional.empty()).build())
                        .sleeper(d -> {
                            throw new AssertionError("Dynaspark never waits");
                        })
                        .build();
                ChatStream stream = g4j.chat().stream(request)) {
            stream.forEach(events::add);
        }
        return events;
    }

    private List<ChatEvent> run(ChatRequest request) {
        return run(request, Map.of());
    }

    private static ChatRequest.Builder chat(String model) {
        return ChatRequest.builder().provider("Dynaspark").model(model);
    }

    private DynasparkSubmission onlySubmission() {
        assertThat(dynaspark.submissions()).hasSize(1);
        return dynaspark.submissions().getFirst();
    }

    @Test
    void aTextOnlyConversationIsOneUrlencodedFormWithTheFormattedPrompt() {
        dynaspark = DynasparkSimulator.builder().start();
        dynaspark.enqueueAnswers("A rainbow is light split by raindrops.");

        List<ChatEvent> events = run(chat("").addMessage(Message.user("Hi")).addMessage(Message.assistant("Hello!"))
                .addMessage(Message.user("What is a rainbow?")).build());

        assertThat(events).containsExactly(new ChatEvent.TextDelta("A rainbow is light split by raindrops."),
                new ChatEvent.Finished("stop"));
        DynasparkSubmission form = onlySubmission();
        assertThat(form.multipart()).isFalse();
        assertThat(form.userInput()).isEqualTo("User: Hi\nAssistant: Hello!\nUser: What is a rainbow?\nAssistant:");
        assertThat(form.aiModel()).isEqualTo("gemini-1.5-flash");
        RecordedRequest request = dynaspark.requests().getFirst();
        assertThat(request.header("Content-Type")).hasValue("application/x-www-form-urlencoded");
        assertThat(request.header("X-Requested-With")).hasValue("XMLHttpRequest");
        assertThat(request.header("Origin")).hasValue("https://dynaspark.onrender.com");
        assertThat(request.headers().all("User-Agent")).singleElement().asString().contains("Chrome/133");
    }

    @Test
    void anImageMakesItAMultipartFormWithTextPartsAndTheFilePart() {
        dynaspark = DynasparkSimulator.builder().start();
        dynaspark.enqueueAnswers("A kitten.");

        List<ChatEvent> events = run(chat("gemini-2.0-flash")
                .addMessage(Message.user("What animal is this?", Media.of(KITTEN, "kitten.png"))).build());

        assertThat(events).contains(new ChatEvent.TextDelta("A kitten."));
        DynasparkSubmission form = onlySubmission();
        assertThat(form.multipart()).isTrue();
        assertThat(form.userInput()).isEqualTo("What animal is this?");
        assertThat(form.aiModel()).isEqualTo("gemini-2.0-flash");
        List<MultipartPart> parts = dynaspark.requests().getFirst().multipartParts();
        assertThat(parts).extracting(MultipartPart::name).containsExactly("user_input", "ai_model", "file");
        assertThat(parts.get(0).contentType()).hasValueSatisfying(t -> assertThat(t.replace(" ", ""))
                .isEqualToIgnoringCase("text/plain;charset=utf-8"));
        assertThat(parts.get(2).filename()).hasValue("kitten.png");
        assertThat(parts.get(2).contentType()).hasValue("image/png");
        assertThat(parts.get(2).body()).isEqualTo(KITTEN);
    }

    @Test
    void withTwoImagesTheFirstIsSentAndAStatusSaysTheOtherWasLeftOut() {
        dynaspark = DynasparkSimulator.builder().start();

        List<ChatEvent> events = run(chat("").addMessage(
                Message.user("Compare them", Media.of(GIF, "dot.gif"), Media.of(KITTEN, "kitten.png"))).build());

        assertThat(events).filteredOn(e -> e instanceof ChatEvent.Status).singleElement()
                .asString().contains("first").contains("1");
        MultipartPart file = onlySubmission().file().orElseThrow();
        assertThat(file.filename()).hasValue("dot.gif");
        assertThat(file.contentType()).hasValue("image/gif");
        assertThat(file.body()).isEqualTo(GIF);
        assertThat(onlySubmission().aiModel()).isEqualTo("gemini-1.5-flash");
    }

    @Test
    void aliasesAreResolvedBeforeTheModelIsSent() {
        dynaspark = DynasparkSimulator.builder().start();

        run(chat("gemini-2.0-flash-lite-001").addMessage(Message.user("Hi")).build());

        assertThat(onlySubmission().aiModel()).isEqualTo("gemini-2.0-flash-lite");
    }

    @Test
    void anUnknownModelIsRefusedBeforeAnythingIsSent() {
        dynaspark = DynasparkSimulator.builder().start();

        assertThatThrownBy(() -> run(chat("gemini-9").addMessage(Message.user("Hi")).build()))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("gemini-2.0-flash");
        assertThat(dynaspark.requests()).isEmpty();
    }

    @Test
    void thePathOptionReachesTheOldEndpoint() {
        dynaspark = DynasparkSimulator.builder().path("/generate_response").start();
        ChatRequest request = chat("").addMessage(Message.user("Hi")).build();

        assertThatThrownBy(() -> run(request))
                .isInstanceOfSatisfying(G4jException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.HTTP_STATUS);
                    assertThat(e.status()).hasValue(404);
                });
        assertThat(run(request, Map.of("G4J_DYNASPARK_PATH", "/generate_response")))
                .contains(new ChatEvent.TextDelta("A rainbow is an arc of colours made by sunlight in water droplets."));
        assertThat(run(request.toBuilder().option("path", "generate_response").build())).hasSize(2);
        assertThat(dynaspark.requests()).extracting(RecordedRequest::path)
                .containsExactly("/dsai_fuck_u_spammer", "/generate_response", "/generate_response");
    }

    @Test
    void anEmptyAnswerEndsCleanlyWithoutText() {
        dynaspark = DynasparkSimulator.builder().start();
        dynaspark.enqueueAnswers("");

        assertThat(run(chat("").addMessage(Message.user("Hi")).build())).containsExactly(new ChatEvent.Finished("stop"));
    }

    @Test
    void aRenderGatewayPageIsABadGateway() {
        dynaspark = DynasparkSimulator.builder().start();
        dynaspark.failNext(Fault.page(502, "dynaspark/error_502_render.html"));

        assertThatThrownBy(() -> run(chat("").addMessage(Message.user("Hi")).build()))
                .isInstanceOfSatisfying(G4jException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY));
    }
}
