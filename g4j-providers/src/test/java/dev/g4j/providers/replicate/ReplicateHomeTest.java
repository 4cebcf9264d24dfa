package dev.g4j.providers.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.Task;
import dev.g4j.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ReplicateHome's description and the polling engine's pure parts, on strings: no network. */
class ReplicateHomeTest {
    private final List<ChatEvent> events = new ArrayList<>();

    private List<String> texts() {
        return events.stream().map(e -> ((ChatEvent.TextDelta) e).text()).toList();
    }

    @Test
    void isNotWorkingNeedsNoKeyAndDeclaresItsThreeOptions() {
        ProviderInfo info = new ReplicateHome().info();
        assertThat(info.name()).isEqualTo("ReplicateHome");
        assertThat(info.working()).isFalse();
        assertThat(info.needsAuth()).isFalse();
        assertThat(info.option("base_url").flatMap(ProviderOption::defaultValue)).hasValue("https://homepage.replicate.com");
        assertThat(info.option("poll_interval").flatMap(ProviderOption::defaultValue)).hasValue("5s");
        assertThat(info.option("max_polls").flatMap(ProviderOption::defaultValue)).hasValue("30");
        assertThat(info.options()).extracting(ProviderOption::name)
                .containsExactly("base_url", "poll_interval", "max_polls", "proxy", "timeout");
    }

    @Test
    void resolvesG4fsAliasesAndDefaultsPerTask() {
        ModelCatalog models = new ReplicateHome().info().models();
        assertThat(models.resolve("", Task.CHAT, false, "ReplicateHome")).isEqualTo("google-deepmind/gemma-2b-it");
        assertThat(models.resolve("", Task.IMAGE, false, "ReplicateHome")).isEqualTo("stability-ai/stable-diffusion-3");
        assertThat(models.resolve("sd-3", Task.IMAGE, false, "ReplicateHome")).isEqualTo("stability-ai/stable-diffusion-3");
        assertThat(models.resolve("sdxl", Task.IMAGE, false, "ReplicateHome")).isEqualTo("bytedance/sdxl-lightning-4step");
        assertThat(models.resolve("playground-v2.5", Task.IMAGE, false, "ReplicateHome"))
                .isEqualTo("playgroundai/playground-v2.5-1024px-aesthetic");
        assertThat(models.resolve("gemma-2b", Task.CHAT, false, "ReplicateHome")).isEqualTo("google-deepmind/gemma-2b-it");
        assertThat(models.imageModels()).hasSize(3);
    }

    @Test
    void tokenOutputEmitsOnlyTokensNotSeenBefore() {
        TokenOutput output = new TokenOutput();
        output.running(Json.parse("null"), events::add);
        output.running(Json.parse("[\"Soft\",\" rain\"]"), events::add);
        output.running(Json.parse("[\"Soft\",\" rain\"]"), events::add);
        output.running(Json.parse("[\"Soft\",\" rain\",\"\",\" on\"]"), events::add);
        output.succeeded(Json.parse("[\"Soft\",\" rain\",\"\",\" on\",\" the\"]"), events::add);
        assertThat(texts()).containsExactly("Soft", " rain", " on", " the");
    }

    @Test
    void tokenOutputStreamsAGrowingStringByItsNewTail() {
        TokenOutput output = new TokenOutput();
        output.running(Json.parse("\"Soft ra\""), events::add);
        output.succeeded(Json.parse("\"Soft rain\""), events::add);
        assertThat(texts()).containsExactly("Soft ra", "in");
    }

    @Test
    void tokenOutputWithNothingAtAllIsEmptyOutput() {
        TokenOutput output = new TokenOutput();
        assertThatThrownBy(() -> output.succeeded(Json.parse("[\"\"]"), events::add))
                .isInstanceOfSatisfying(G4jException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.EMPTY_OUTPUT));
    }

    @Test
    void imageOutputKeepsEveryUrlInOneItem() {
        new ImageUrlOutput("p").succeeded(Json.parse("[\"https://a/1.webp\",\"https://a/2.webp\"]"), events::add);
        new ImageUrlOutput("q").succeeded(Json.parse("\"https://a/3.png\""), events::add);
        assertThat(events).containsExactly(new ChatEvent.ImageOutput(List.of("https://a/1.webp", "https://a/2.webp"), "p"),
                new ChatEvent.ImageOutput(List.of("https://a/3.png"), "q"));
    }

    @Test
    void aPollAnswerWithoutStatusIsInvalid() {
        assertThatThrownBy(() -> Prediction.polled(Json.parse("{\"detail\":\"Not found.\"}")))
                .isInstanceOfSatisfying(G4jException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE))
                .hasMessageContaining("no prediction status");
        assertThatThrownBy(() -> Prediction.created(Json.parse("[]")))
                .isInstanceOfSatisfying(G4jException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE));
        assertThat(Prediction.polled(Json.parse("{\"status\":\"failed\",\"error\":\"boom\"}")).error()).hasValue("boom");
        assertThat(Prediction.polled(Json.parse("{\"status\":\"starting\"}")).error()).isEqualTo(Optional.empty());
    }

    @Test
    void aProblemDocumentGetsItsTitleAndDetailAsTheMessage() {
        String normalized = PredictionPoller.withProblemMessage(
                "{\"title\":\"Invalid version or not permitted\",\"detail\":\"The specified version does not exist\",\"status\":422}");
        assertThat(Json.parse(normalized).get("error").asText())
                .isEqualTo("Invalid version or not permitted: The specified version does not exist");
        assertThat(Json.parse(normalized).get("status").asInt()).isEqualTo(422);
        assertThat(PredictionPoller.withProblemMessage("{\"error\":\"Internal Server Error\"}"))
                .isEqualTo("{\"error\":\"Internal Server Error\"}");
        assertThat(PredictionPoller.withProblemMessage("<!DOCTYPE html><title>404</title>")).startsWith("<!DOCTYPE");
    }
}
