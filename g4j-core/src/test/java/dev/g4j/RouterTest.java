package dev.g4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final FakeProvider a = FakeProvider.of("A", FakeProvider.says("a"));
    private final FakeProvider b = FakeProvider.of("B", FakeProvider.says("b"));
    private final FakeProvider keyed = new FakeProvider(FakeProvider.info("Keyed").needsAuth(true)
            .option(ProviderOption.apiKey("key")).build(), FakeProvider.says("k"));
    private final FakeProvider broken = new FakeProvider(FakeProvider.info("Broken").working(false).build(),
            FakeProvider.says("broken"));
    private final FakeProvider painter = new FakeProvider(ProviderInfo.builder("Painter")
            .models(ModelCatalog.builder().defaultImageModel("brush").build()).build(),
            (r, c, out) -> out.emit(new ChatEvent.ImageOutput(List.of("https://img.test/1.png"), "p")));

    @Test
    void anUnknownProviderNameListsTheKnownOnes() {
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            assertThatThrownBy(() -> g4j.chat().stream(ChatRequest.builder().provider("Nope")
                    .addMessage(Message.user("x")).build()))
                    .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("A, B");
        }
    }

    @Test
    void providerNamesAreCaseInsensitiveAndFormExplicitChains() {
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            ChatCompletion c = g4j.chat().create(ChatRequest.builder().provider("b, a").addMessage(Message.user("x")).build());
            assertThat(c.provider()).isEqualTo("B");
        }
    }

    @Test
    void aModelRoutesToTheProvidersThatKnowIt() {
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            assertThat(g4j.chat().create(ChatRequest.builder().model("b-model").addMessage(Message.user("x")).build())
                    .provider()).isEqualTo("B");
            assertThat(g4j.chat().create(ChatRequest.builder().model("B/short").addMessage(Message.user("x")).build())
                    .model()).isEqualTo("b-model");
        }
    }

    @Test
    void anUnknownModelIsRejectedWithTheAvailableNames() {
        try (G4j g4j = Fakes.client(List.of(a, b))) {
            assertThatThrownBy(() -> g4j.chat().stream(ChatRequest.builder().model("gpt-9").addMessage(Message.user("x"))
                    .build()))
                    .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("gpt-9")
                    .hasMessageContaining("a-model").hasMessageContaining("shared-model");
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.builder().provider("A").model("b-model")
                    .addMessage(Message.user("x")).build()))
                    .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("a-model");
        }
    }

    @Test
    void theDefaultChainSkipsNonWorkingProvidersAndThoseWithoutKeys() {
        try (G4j g4j = Fakes.client(List.of(broken, keyed, a))) {
            ChatCompletion c = g4j.chat().create(ChatRequest.of("x"));
            assertThat(c.provider()).isEqualTo("A");
            assertThat(c.attempts()).hasSize(1);
        }
        try (G4j g4j = Fakes.client(List.of(keyed, a), Map.of("G4J_KEYED_API_KEY", "k"), Timeouts.DEFAULT)) {
            assertThat(g4j.chat().create(ChatRequest.of("x")).provider()).isEqualTo("Keyed");
        }
    }

    @Test
    void withOnlyKeyedProvidersTheErrorSaysHowToSetAKey() {
        try (G4j g4j = Fakes.client(List.of(keyed, broken))) {
            assertThatThrownBy(() -> g4j.chat().stream(ChatRequest.of("x")))
                    .isInstanceOf(MissingAuthException.class).hasMessageContaining("G4J_KEYED_API_KEY");
        }
    }

    @Test
    void imageRequestsGoToImageProvidersAndUseTheImageDefault() {
        try (G4j g4j = Fakes.client(List.of(a, painter))) {
            ImagesResult r = g4j.images().generate(ImageRequest.of("a cat"));
            assertThat(r.provider()).isEqualTo("Painter");
            assertThat(r.model()).isEqualTo("brush");
            assertThat(r.images()).extracting(GeneratedImage::url).containsExactly("https://img.test/1.png");
        }
    }

    @Test
    void imageGenerationShowsEveryEventToItsObserverAsItArrives() {
        FakeProvider steps = new FakeProvider(ProviderInfo.builder("Steps")
                .models(ModelCatalog.builder().defaultImageModel("brush").build()).build(), (r, c, out) -> {
                    out.emit(new ChatEvent.Progress("step", 1, 2));
                    out.emit(new ChatEvent.Progress("step", 2, 2));
                    out.emit(new ChatEvent.ImageOutput(List.of("https://img.test/1.png"), "p"));
                });
        List<ChatEvent> seen = new java.util.ArrayList<>();
        try (G4j g4j = Fakes.client(List.of(steps))) {
            ImagesResult r = g4j.images().generate(ImageRequest.of("a cat"), seen::add);
            assertThat(r.images()).hasSize(1);
        }
        assertThat(seen).containsExactly(new ChatEvent.Progress("step", 1, 2), new ChatEvent.Progress("step", 2, 2),
                new ChatEvent.ImageOutput(List.of("https://img.test/1.png"), "p"), new ChatEvent.Finished("stop"));
    }

    @Test
    void anImageAnswerWithoutImagesIsEmptyOutput() {
        FakeProvider blank = new FakeProvider(ProviderInfo.builder("Blank")
                .models(ModelCatalog.builder().defaultImageModel("none").build()).build(), (r, c, out) -> {});
        try (G4j g4j = Fakes.client(List.of(blank))) {
            assertThatThrownBy(() -> g4j.images().generate(ImageRequest.of("a cat")))
                    .isInstanceOf(UpstreamException.class)
                    .satisfies(e -> assertThat(((G4jException) e).kind()).isEqualTo(ErrorKind.EMPTY_OUTPUT));
        }
    }

    @Test
    void anImageTheServiceSentBrokenOrThatIsNoImageIsAnInvalidResponseOfThatProvider() {
        String notBase64 = "data:image/png;base64,!!!notbase64";
        String notAnImage = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString("[]".getBytes());
        for (String url : List.of(notBase64, notAnImage)) {
            FakeProvider odd = new FakeProvider(ProviderInfo.builder("Odd")
                    .models(ModelCatalog.builder().defaultImageModel("brush").build()).build(),
                    (r, c, out) -> out.emit(new ChatEvent.ImageOutput(List.of(url), "p")));
            try (G4j g4j = Fakes.client(List.of(odd))) {
                ImagesResult r = g4j.images().generate(ImageRequest.of("a cat"));
                assertThatThrownBy(() -> r.images().getFirst().bytes())
                        .isInstanceOfSatisfying(MalformedResponseException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
                            assertThat(e.provider()).hasValue("Odd");
                        });
                assertThatThrownBy(() -> g4j.images().generate(ImageRequest.builder("a cat")
                        .format(ImageRequest.Format.B64_JSON).build()))
                        .isInstanceOfSatisfying(MalformedResponseException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE));
            }
        }
    }

    @Test
    void anEmptyMessageListIsRejectedBeforeAnyProviderRuns() {
        try (G4j g4j = Fakes.client(List.of(a))) {
            assertThatThrownBy(() -> g4j.chat().stream(ChatRequest.builder().build()))
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThat(a.calls).hasValue(0);
    }

    @Test
    void modelsListsEveryNameWithItsProviders() {
        try (G4j g4j = Fakes.client(List.of(a, b, painter))) {
            List<ModelEntry> models = g4j.models();
            assertThat(models).filteredOn(m -> m.name().equals("shared-model")).singleElement()
                    .satisfies(m -> assertThat(m.providers()).containsExactly("A", "B"));
            assertThat(models).filteredOn(m -> m.name().equals("brush")).singleElement()
                    .satisfies(m -> assertThat(m.image()).isTrue());
            assertThat(models).filteredOn(m -> m.name().equals("short")).singleElement()
                    .satisfies(m -> assertThat(m.providers()).containsExactly("A", "B"));
        }
    }
}
