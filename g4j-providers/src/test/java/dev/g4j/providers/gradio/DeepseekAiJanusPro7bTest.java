package dev.g4j.providers.gradio;

import static dev.g4j.providers.gradio.JanusClients.PROVIDER;
import static dev.g4j.providers.gradio.JanusClients.events;
import static dev.g4j.providers.gradio.JanusClients.statuses;
import static dev.g4j.providers.gradio.JanusClients.texts;
import static dev.g4j.providers.gradio.JanusClients.vision;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.G4j;
import dev.g4j.ImageRequest;
import dev.g4j.ImagesResult;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.http.Json;
import dev.g4j.testkit.Fixtures;
import dev.g4j.testkit.GradioJoin;
import dev.g4j.testkit.GradioMessage;
import dev.g4j.testkit.GradioScript;
import dev.g4j.testkit.GradioSimulator;
import dev.g4j.testkit.MultipartPart;
import dev.g4j.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DeepseekAI_JanusPro7b against a simulated Janus Space, through a real client. */
class DeepseekAiJanusPro7bTest {
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

    private void start(GradioSimulator.Builder builder, Map<String, String> env) {
        space = builder.start();
        g4j = JanusClients.client(space, env);
    }

    @Test
    void answersAQuestionAboutAnUploadedPictureAndEmitsTheSessionFirst() {
        start(GradioSimulator.builder(), Map.of());
        space.enqueueScripts(GradioScript.textAnswer("A small orange kitten."));

        List<ChatEvent> events = events(g4j, vision("What is in this picture?"));

        assertThat(events.getFirst()).isInstanceOf(ChatEvent.ConversationState.class);
        JsonNode state = Json.parse(((ChatEvent.ConversationState) events.getFirst()).json());
        assertThat(state.get("session_hash").asText()).matches("[0-9a-f]{32}");
        assertThat(state.get("zerogpu_token").asText()).isEqualTo("[object Object]");
        assertThat(state.get("zerogpu_uuid").asText()).isEqualTo("Vb3kQp9XrT2mZ8sLw4NfA");
        assertThat(String.join("", texts(events))).isEqualTo("A small orange kitten.");
        assertThat(events.getLast()).isEqualTo(new ChatEvent.Finished("stop"));

        MultipartPart upload = space.uploads().getFirst();
        assertThat(upload.name()).isEqualTo("files");
        assertThat(upload.filename()).hasValue("kitten.png");
        assertThat(upload.contentType()).hasValue("application/octet-stream");
        GradioJoin join = space.joins().getFirst();
        assertThat(join.sessionHash()).isEqualTo(state.get("session_hash").asText());
        assertThat(join.fnIndex()).isEqualTo(2);
        assertThat(join.triggerId()).hasValue(10);
        assertThat(join.zeroGpuToken()).hasValue("[object Object]");
        assertThat(join.zeroGpuUuid()).hasValue("Vb3kQp9XrT2mZ8sLw4NfA");
        JsonNode file = join.data().get(0);
        String path = file.get("path").asText();
        assertThat(path).startsWith("/tmp/gradio/").endsWith("/kitten.png");
        assertThat(file.get("url").asText()).isEqualTo(space.uri() + "/gradio_api/file=" + path);
        assertThat(file.get("orig_name").asText()).isEqualTo("kitten.png");
        assertThat(file.get("size").asInt()).isEqualTo(74);
        assertThat(file.get("mime_type").asText()).isEqualTo("image/png");
        assertThat(file.path("meta").path("_type").asText()).isEqualTo("gradio.FileData");
        assertThat(join.data().get(1).asText()).isEqualTo("What is in this picture?");
        assertThat(join.data().get(2).asLong()).isBetween(1000L, 999_999L);
        assertThat(join.data().get(3).asDouble()).isEqualTo(0.95);
        assertThat(join.data().get(4).asDouble()).isEqualTo(0.1);
    }

    @Test
    void generatesFiveImagesWithTheTextToImageFunction() {
        start(GradioSimulator.builder(), Map.of());
        List<String> urls = IntStream.range(0, 5)
                .mapToObj(i -> space.uri() + "/gradio_api/file=/tmp/gradio/" + i + "/image.webp").toList();
        space.enqueueScripts(GradioScript.gallery(urls));

        ImagesResult result = g4j.images().generate(ImageRequest.builder("A watercolor fox").provider(PROVIDER).build());

        assertThat(result.images()).extracting(i -> i.url()).containsExactlyElementsOf(urls);
        assertThat(result.images()).allSatisfy(i -> assertThat(i.prompt()).isEqualTo("A watercolor fox"));
        assertThat(result.model()).isEqualTo("janus-pro-7b-image");
        JsonNode data = space.joins().getFirst().data();
        assertThat(space.joins().getFirst().fnIndex()).isEqualTo(3);
        assertThat(space.joins().getFirst().triggerId()).hasValue(20);
        assertThat(data.get(0).asText()).isEqualTo("A watercolor fox");
        assertThat(data.get(1).asLong()).isBetween(1000L, 999_999L);
        assertThat(data.get(2).asInt()).isEqualTo(5);
        assertThat(data.get(3).asInt()).isEqualTo(1);
        assertThat(space.uploads()).isEmpty();
    }

    @Test
    void reportsLogsProgressAndHeartbeatsAsStatusesInOrderWithProgressEvents() {
        start(GradioSimulator.builder(), Map.of());
        space.enqueueScripts(GradioScript.of(GradioMessage.estimation(1, 2, 41.9), GradioMessage.heartbeat(),
                GradioMessage.processStarts(20.9), GradioMessage.log("Prompt accepted", "info"),
                GradioMessage.progress(0, 576, "tokens", "Generating image tokens"), GradioMessage.heartbeat(),
                GradioMessage.progress(576, 576, "tokens", "Generating image tokens"), GradioMessage.progressEmpty(),
                GradioMessage.progress(3, 5, "it", null), GradioMessage.completedGallery(List.of("https://x/1.webp"))));

        List<ChatEvent> events = events(g4j, ChatRequest.builder().provider(PROVIDER)
                .model(DeepseekAiJanusPro7b.IMAGE_MODEL).addMessage(Message.user("a fox")).build());

        assertThat(statuses(events)).containsExactly("In queue: position 2 of 2 (about 42s)", "Generating...",
                "Processing (about 21s)", "Prompt accepted", "Generating image tokens 0/576", "Generating....",
                "Generating image tokens 576/576", "Generating", "3/5", "");
        assertThat(events).filteredOn(e -> e instanceof ChatEvent.Progress).containsExactly(
                new ChatEvent.Progress("Generating image tokens", 0, 576),
                new ChatEvent.Progress("Generating image tokens", 576, 576), new ChatEvent.Progress("it", 3, 5));
        assertThat(events).filteredOn(e -> e instanceof ChatEvent.ImageOutput)
                .containsExactly(new ChatEvent.ImageOutput(List.of("https://x/1.webp"), "a fox"));
    }

    @Test
    void streamsAGeneratorsDiffsAsTextDeltasWithoutRepeatingTheFinalValue() {
        start(GradioSimulator.builder(), Map.of());
        space.enqueueScripts(GradioScript.generating(List.of("Once", " upon", " a time", ", a fox slept.")));

        List<ChatEvent> events = events(g4j, vision("Tell a story"));

        assertThat(texts(events)).containsExactly("Once", " upon", " a time", ", a fox slept.");
    }

    @Test
    void continuesTheSessionWithItsHashAndTokenWithoutReadingThePageAgain() {
        start(GradioSimulator.builder().pageToken("page-token"), Map.of());
        List<ChatEvent> first = events(g4j, vision("What is it?"));
        ChatEvent.ConversationState state = (ChatEvent.ConversationState) first.getFirst();

        List<ChatEvent> second = events(g4j, vision("And its colour?").toBuilder().conversation(state).build());

        assertThat(second).noneMatch(e -> e instanceof ChatEvent.ConversationState);
        assertThat(texts(second)).isNotEmpty();
        assertThat(space.requests()).filteredOn(r -> r.path().startsWith("/spaces/")).hasSize(1);
        assertThat(space.joins()).hasSize(2);
        GradioJoin a = space.joins().get(0);
        GradioJoin b = space.joins().get(1);
        assertThat(b.sessionHash()).isEqualTo(a.sessionHash());
        assertThat(a.zeroGpuToken()).hasValue("page-token");
        assertThat(b.zeroGpuToken()).hasValue("page-token");
        assertThat(b.zeroGpuUuid()).isEqualTo(a.zeroGpuUuid());
    }

    @Test
    void refreshesTheTokenFromTheJwtEndpointWhenCookiesAreConfigured() {
        start(GradioSimulator.builder().jwtToken("fresh-jwt"), Map.of("G4J_DEEPSEEKAI_JANUSPRO7B_COOKIES", "token=hf"));

        events(g4j, vision("What is it?"));

        RecordedRequest jwt = space.requests().stream().filter(r -> r.path().endsWith("/jwt")).findFirst().orElseThrow();
        assertThat(jwt.header("Cookie")).hasValue("token=hf");
        assertThat(jwt.queryParam("include_pro_status")).hasValue("true");
        assertThat(jwt.queryParam("expiration").orElseThrow()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00");
        assertThat(space.joins().getFirst().zeroGpuToken()).hasValue("fresh-jwt");
    }

    @Test
    void usesAnApiKeyAsTheTokenWithoutReadingThePage() {
        start(GradioSimulator.builder(), Map.of("G4J_DEEPSEEKAI_JANUSPRO7B_API_KEY", "zerogpu-key"));

        events(g4j, vision("What is it?"));

        assertThat(space.requests()).noneMatch(r -> r.path().startsWith("/spaces/"));
        assertThat(space.joins().getFirst().zeroGpuToken()).hasValue("zerogpu-key");
        assertThat(space.joins().getFirst().zeroGpuUuid()).isEmpty();
    }

    @Test
    void readsThePageForASessionThatKnowsItsTokenButNotItsUuidAndKeepsTheToken() {
        start(GradioSimulator.builder(), Map.of());
        String state = "{\"session_hash\":\"0123456789abcdef0123456789abcdef\",\"zerogpu_token\":\"kept-token\"}";

        List<ChatEvent> events = events(g4j, vision("What is it?").toBuilder()
                .conversation(new ChatEvent.ConversationState(PROVIDER, state)).build());

        assertThat(space.requests()).filteredOn(r -> r.path().startsWith("/spaces/")).hasSize(1);
        GradioJoin join = space.joins().getFirst();
        assertThat(join.sessionHash()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(join.zeroGpuToken()).hasValue("kept-token");
        assertThat(join.zeroGpuUuid()).hasValue("Vb3kQp9XrT2mZ8sLw4NfA");
        JsonNode emitted = Json.parse(((ChatEvent.ConversationState) events.getFirst()).json());
        assertThat(emitted.get("zerogpu_uuid").asText()).isEqualTo("Vb3kQp9XrT2mZ8sLw4NfA");
        assertThat(emitted.get("zerogpu_token").asText()).isEqualTo("kept-token");
    }

    @Test
    void uploadsEveryImageSendsTheFirstAndSaysThatTheOthersAreLeftOut() {
        start(GradioSimulator.builder(), Map.of());
        Media second = Media.of(Fixtures.bytes("janus/kitten.png"), "second.png");
        ChatRequest request = ChatRequest.builder().provider(PROVIDER)
                .addMessage(Message.user("Compare them", JanusClients.kitten(), second)).build();

        List<ChatEvent> events = events(g4j, request);

        assertThat(space.uploads()).extracting(p -> p.filename().orElseThrow()).containsExactly("kitten.png", "second.png");
        assertThat(statuses(events)).contains(PROVIDER + " takes one image: sending the first, leaving out the other 1");
        assertThat(space.joins().getFirst().data().get(0).get("orig_name").asText()).isEqualTo("kitten.png");
    }
}
