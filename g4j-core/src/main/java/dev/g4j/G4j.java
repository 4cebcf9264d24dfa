package dev.g4j;

import dev.g4j.http.JettyTransport;
import dev.g4j.http.Transport;
import dev.g4j.internal.Engine;
import dev.g4j.spi.Options;
import dev.g4j.spi.Provider;
import dev.g4j.spi.Sleeper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.random.RandomGenerator;

/**
 * The g4j client: an OpenAI-style facade over every registered provider.
 *
 * <pre>{@code
 * try (G4j g4j = G4j.create()) {
 *     System.out.println(g4j.chat().create(ChatRequest.of("Hello")).text());
 * }
 * }</pre>
 *
 * <p>Providers are found with {@link ServiceLoader} unless given. A request names its provider, or a
 * model (the registry maps every model and alias to the providers that serve it), or neither (the
 * default chain of working providers that need no key, or have one). Thread-safe; close it to release
 * the HTTP clients.
 */
public final class G4j implements AutoCloseable {
    private final Engine engine;
    private final Chat chat;
    private final Images images;

    private G4j(Engine engine) {
        this.engine = engine;
        this.chat = new Chat(engine);
        this.images = new Images(engine);
    }

    /** A client with the default configuration, the process environment and every provider on the class path. */
    public static G4j create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Chat chat() {
        return chat;
    }

    public Images images() {
        return images;
    }

    /** Every registered provider, in registration order. */
    public List<ProviderInfo> providers() {
        return engine.providers().stream().map(Provider::info).toList();
    }

    /** A provider by name (case-insensitive). */
    public ProviderInfo provider(String name) {
        return engine.provider(name).info();
    }

    /**
     * Every model and alias with the providers that serve it. Fetches the model lists of providers that
     * have one online (once; the built-in list stays when that fails).
     */
    public List<ModelEntry> models() {
        return models(engine.providers());
    }

    /** The models of one provider. */
    public List<ModelEntry> models(String provider) {
        return models(List.of(engine.provider(provider)));
    }

    /**
     * Why a provider's online model list could not be fetched by the last {@link #models} call, if it
     * could not: its built-in list (often empty for a generic service) was listed instead.
     */
    public Optional<RuntimeException> modelListFailure(String provider) {
        Provider p = engine.provider(provider);
        ModelCatalog c = p.info().models();
        return c.hasRemote() ? c.fetchFailure(engine.sideContext(p, Duration.ofSeconds(15))) : Optional.empty();
    }

    /** A provider's options as they resolve outside any call (command line, environment, config file, defaults). */
    public Options options(String provider) {
        ProviderInfo info = provider(provider);
        return engine.options(info, ChatRequest.builder().build(), true);
    }

    /** Problems with option keys given as {@code NAME} or {@code PROVIDER.NAME}: unknown providers or names. */
    public List<String> checkOptionKeys(Iterable<String> keys) {
        return engine.checkOptionKeys(keys);
    }

    /**
     * Provider calls whose producer thread is still running: streams being read, and streams closed a
     * moment ago whose producer is still unwinding. Zero when the client is idle; for leak checks and
     * metrics.
     */
    public int activeCalls() {
        return engine.activeCalls();
    }

    public G4jConfig config() {
        return engine.config();
    }

    public Transport transport() {
        return engine.transport();
    }

    private List<ModelEntry> models(List<Provider> providers) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Provider p : providers) {
            ModelCatalog c = p.info().models();
            if (c.hasRemote()) {
                c.refresh(engine.sideContext(p, Duration.ofSeconds(15)));
            }
            for (String m : c.all()) {
                entries.computeIfAbsent(m, k -> new Entry(k, null))
                        .add(p.info().name(), c.textModels().contains(m), c.isImageModel(m), c.isVisionModel(m));
            }
            c.aliases().forEach((alias, target) -> entries.computeIfAbsent(alias, k -> new Entry(k, target))
                    .add(p.info().name(), c.textModels().contains(target), c.isImageModel(target),
                            c.isVisionModel(target)));
        }
        return entries.values().stream().map(Entry::toModelEntry).toList();
    }

    private static final class Entry {
        final String name;
        final String aliasOf;
        final List<String> providers = new ArrayList<>();
        boolean text;
        boolean image;
        boolean vision;

        Entry(String name, String aliasOf) {
            this.name = name;
            this.aliasOf = aliasOf;
        }

        Entry add(String provider, boolean t, boolean i, boolean v) {
            if (!providers.contains(provider)) {
                providers.add(provider);
            }
            text |= t;
            image |= i;
            vision |= v;
            return this;
        }

        ModelEntry toModelEntry() {
            return new ModelEntry(name, providers, text, image, vision, Optional.ofNullable(aliasOf));
        }
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Builds a {@link G4j}. */
    public static final class Builder {
        private G4jConfig config;
        private Transport transport;
        private List<Provider> providers;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private RandomGenerator random;

        private Builder() {}

        public Builder config(G4jConfig config) {
            this.config = Objects.requireNonNull(config);
            return this;
        }

        /** The HTTP transport; by default a {@link JettyTransport}, closed with the client. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport);
            return this;
        }

        /** The providers, instead of those found by {@link ServiceLoader}. */
        public Builder providers(List<? extends Provider> providers) {
            this.providers = List.copyOf(providers);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public G4j build() {
            G4jConfig c = config != null ? config : G4jConfig.defaults();
            Transport t = transport != null
                    ? transport
                    : JettyTransport.create(new JettyTransport.Settings(
                            c.timeouts().connect(), c.maxConnectionsPerHost(), "g4j"));
            List<Provider> ps = providers != null ? providers : discover();
            return new G4j(new Engine(c, t, ps, clock, sleeper, random != null ? random : new SecureRandom()));
        }

        private static List<Provider> discover() {
            List<Provider> out = new ArrayList<>();
            ServiceLoader.load(Provider.class, G4j.class.getClassLoader()).forEach(out::add);
            return out;
        }
    }
}
