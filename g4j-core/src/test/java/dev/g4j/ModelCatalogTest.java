package dev.g4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.spi.CallContext;
import dev.g4j.spi.ModelList;
import dev.g4j.spi.ModelSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.builder()
            .defaultModel("text-1")
            .defaultImageModel("img-1")
            .defaultVisionModel("vis-1")
            .textModels("text-1", "Text-Two", "vis-1")
            .imageModels("img-1")
            .visionModels("vis-1")
            .alias("t2", "Text-Two")
            .build();

    @Test
    void resolvesDefaultsAliasesAndKnownNames() {
        assertThat(catalog.resolve("", Task.CHAT, false, "P")).isEqualTo("text-1");
        assertThat(catalog.resolve("", Task.IMAGE, false, "P")).isEqualTo("img-1");
        assertThat(catalog.resolve("", Task.CHAT, true, "P")).isEqualTo("vis-1");
        assertThat(catalog.resolve("t2", Task.CHAT, false, "P")).isEqualTo("Text-Two");
        assertThat(catalog.resolve("text-two", Task.CHAT, false, "P")).isEqualTo("Text-Two");
        assertThat(catalog.resolve("img-1", Task.CHAT, false, "P")).isEqualTo("img-1");
        assertThat(catalog.isImageModel("img-1")).isTrue();
        assertThat(catalog.isVisionModel("vis-1")).isTrue();
    }

    @Test
    void rejectsUnknownNamesWithTheAvailableList() {
        assertThatThrownBy(() -> catalog.resolve("nope", Task.CHAT, false, "P"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("'nope'")
                .satisfies(e -> {
                    ModelNotFoundException m = (ModelNotFoundException) e;
                    assertThat(m.available()).contains("text-1", "Text-Two", "img-1", "t2");
                    assertThat(m.provider()).hasValue("P");
                });
    }

    @Test
    void anImageTaskWithoutAnImageModelIsModelNotFound() {
        ModelCatalog textOnly = ModelCatalog.builder().defaultModel("t").build();
        assertThatThrownBy(() -> textOnly.resolve("", Task.IMAGE, false, "P")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void fetchesTheRemoteListOnceLazilyAndConcurrently() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        ModelSource source = ctx -> {
            fetches.incrementAndGet();
            inside.countDown();
            sleep(100);
            return new ModelList(List.of("remote-a"), List.of("remote-img"), List.of());
        };
        ModelCatalog c = ModelCatalog.builder().defaultModel("text-1").remote(source).build();
        FakeProvider p = new FakeProvider(ProviderInfo.builder("R").models(c).build(), FakeProvider.says("x"));
        try (G4j g4j = Fakes.client(List.of(p))) {
            assertThat(c.resolve("text-1", Task.CHAT, false, context(g4j, p))).isEqualTo("text-1");
            assertThat(fetches).hasValue(0);
            List<Thread> threads = new ArrayList<>();
            List<String> results = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 8; i++) {
                threads.add(Thread.ofVirtual().start(() ->
                        results.add(c.resolve("remote-a", Task.CHAT, false, context(g4j, p)))));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(results).hasSize(8).containsOnly("remote-a");
            assertThat(fetches).hasValue(1);
            assertThat(c.all()).containsExactly("text-1", "remote-a", "remote-img");
        }
    }

    @Test
    void aFailedFetchKeepsTheBuiltInListAndStillRejectsUnknownNames() {
        AtomicInteger fetches = new AtomicInteger();
        ModelCatalog c = ModelCatalog.builder().defaultModel("builtin").remote(ctx -> {
            fetches.incrementAndGet();
            throw new ConnectionException("offline");
        }).build();
        FakeProvider p = new FakeProvider(ProviderInfo.builder("R").models(c).build(), FakeProvider.says("x"));
        try (G4j g4j = Fakes.client(List.of(p))) {
            assertThatThrownBy(() -> c.resolve("other", Task.CHAT, false, context(g4j, p)))
                    .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("builtin");
            assertThatThrownBy(() -> c.resolve("other2", Task.CHAT, false, context(g4j, p)))
                    .isInstanceOf(ModelNotFoundException.class);
            assertThat(fetches).as("a failure is not retried at once").hasValue(1);
            assertThat(c.resolve("builtin", Task.CHAT, false, context(g4j, p))).isEqualTo("builtin");
        }
    }

    @Test
    void aCatalogThatIsOnlyTheServicesListLetsANamePassWhenTheFetchFails() {
        AtomicInteger fetches = new AtomicInteger();
        ModelCatalog c = ModelCatalog.builder().remote(ctx -> {
            fetches.incrementAndGet();
            throw new ConnectionException("offline");
        }).build();
        FakeProvider p = new FakeProvider(ProviderInfo.builder("R").models(c).build(), FakeProvider.says("x"));
        try (G4j g4j = Fakes.client(List.of(p))) {
            assertThat(c.resolve(" some-model ", Task.CHAT, false, context(g4j, p))).isEqualTo("some-model");
            assertThat(c.resolve("other", Task.CHAT, false, context(g4j, p))).isEqualTo("other");
            assertThat(fetches).as("a failure is not retried at once").hasValue(1);
            // without a name there is nothing to pass: the default is the service's first model, so the
            // failure to fetch the list is the cause (not 'model not found: (default model)')
            assertThatThrownBy(() -> c.resolve("", Task.CHAT, false, context(g4j, p)))
                    .isInstanceOf(ConnectionException.class).hasMessageContaining("offline");
        }
    }

    @Test
    void eachServiceResolvesAgainstItsOwnFetchedList() {
        ModelSource source = new ModelSource() {
            @Override
            public ModelList fetch(CallContext ctx) {
                String base = ctx.options().require("base_url");
                return new ModelList(List.of("model-of-" + base), List.of("image-of-" + base), List.of());
            }

            @Override
            public String cacheKey(dev.g4j.spi.Options options) {
                return options.find("base_url").orElse("");
            }
        };
        ModelCatalog c = ModelCatalog.builder().remote(source).build();
        ProviderInfo info = ProviderInfo.builder("R").models(c)
                .option(ProviderOption.of("base_url", "a", "where the service is")).build();
        FakeProvider p = new FakeProvider(info, FakeProvider.says("x"));
        CallContext a = withBaseUrl(p, "a");
        CallContext b = withBaseUrl(p, "b");
        assertThat(c.resolve("model-of-a", Task.CHAT, false, a)).isEqualTo("model-of-a");
        assertThat(c.isImageModel("image-of-a", a)).isTrue();
        assertThat(c.isImageModel("image-of-a", b)).as("b has not even been fetched").isFalse();
        assertThatThrownBy(() -> c.resolve("model-of-a", Task.CHAT, false, b))
                .isInstanceOf(ModelNotFoundException.class)
                .satisfies(e -> assertThat(((ModelNotFoundException) e).available()).containsExactly("model-of-b", "image-of-b"));
        assertThat(c.resolve("", Task.CHAT, false, b)).as("the first model b lists").isEqualTo("model-of-b");
        assertThat(c.resolve("", Task.CHAT, false, a)).isEqualTo("model-of-a");
    }

    private static CallContext withBaseUrl(FakeProvider p, String base) {
        dev.g4j.spi.Options options = new dev.g4j.spi.Options(p.info().name(), p.info().options(),
                java.util.Map.of("base_url", new dev.g4j.spi.Options.Value(base, "test")));
        return CallContext.builder(p.info().name(), options, Fakes.context(p).http()).build();
    }

    @Test
    void anotherBaseUrlsListDoesNotDecideForOneWhoseListCannotBeFetched() {
        ModelSource source = new ModelSource() {
            @Override
            public ModelList fetch(CallContext ctx) {
                if (ctx.options().find(ProviderOption.BASE_URL).orElse("").equals("http://up")) {
                    return new ModelList(List.of("listed"), List.of(), List.of());
                }
                throw new ConnectionException("down");
            }

            @Override
            public String cacheKey(dev.g4j.spi.Options options) {
                return options.find(ProviderOption.BASE_URL).orElse("");
            }
        };
        FakeProvider p = new FakeProvider(ProviderInfo.builder("R").models(ModelCatalog.builder().remote(source).build())
                .option(ProviderOption.optional(ProviderOption.BASE_URL, "where")).build(), FakeProvider.says("x"));
        try (G4j g4j = Fakes.client(List.of(p))) {
            ChatRequest.Builder ask = ChatRequest.builder().provider("R").addMessage(Message.user("hi"));
            assertThat(g4j.chat().create(ask.model("listed").option("base_url", "http://up").build()).text())
                    .isEqualTo("x");
            assertThat(g4j.chat().create(ask.model("other").option("base_url", "http://down").build()).text())
                    .as("the up service's list says nothing about the down one").isEqualTo("x");
        }
    }

    private static CallContext context(G4j g4j, FakeProvider p) {
        return Fakes.context(p);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
