package dev.g4j.internal;

import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.ErrorKind;
import dev.g4j.G4jConfig;
import dev.g4j.InvalidRequestException;
import dev.g4j.MalformedResponseException;
import dev.g4j.MediaPolicy;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderNotFoundException;
import dev.g4j.ProviderOption;
import dev.g4j.Task;
import dev.g4j.Timeouts;
import dev.g4j.UnsupportedMediaException;
import dev.g4j.http.CallSettings;
import dev.g4j.http.Cancellation;
import dev.g4j.http.Http;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.ProxySpec;
import dev.g4j.http.Redaction;
import dev.g4j.http.Transport;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Options;
import dev.g4j.spi.Prompts;
import dev.g4j.spi.Provider;
import dev.g4j.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The runtime behind {@link dev.g4j.G4j}: the registry of providers, option resolution, call contexts
 * and the streams that run providers. Not an API: its package is not exported.
 */
public final class Engine implements AutoCloseable {
    private final G4jConfig config;
    private final Transport transport;
    private final List<Provider> providers;
    private final Map<String, Provider> byName = new LinkedHashMap<>();
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final OptionResolver resolver;
    private final Health health;
    private final Router router;
    private final java.util.concurrent.atomic.AtomicInteger activeCalls = new java.util.concurrent.atomic.AtomicInteger();
    /** Times streams out (first byte, idle, total) within one tick of their deadline. */
    private final Watchdog watchdog = new Watchdog("g4j-deadlines", Duration.ofMillis(25));

    public Engine(G4jConfig config, Transport transport, List<Provider> providers, Clock clock, Sleeper sleeper,
            RandomGenerator random) {
        this.config = config;
        this.transport = transport;
        this.providers = List.copyOf(providers);
        for (Provider p : this.providers) {
            Provider previous = byName.putIfAbsent(key(p.info().name()), p);
            if (previous != null) {
                throw new IllegalArgumentException("two providers are named " + p.info().name());
            }
        }
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.resolver = new OptionResolver(config);
        this.health = new Health(config.cooldown());
        this.router = new Router(this);
    }

    public G4jConfig config() {
        return config;
    }

    public Transport transport() {
        return transport;
    }

    public List<Provider> providers() {
        return providers;
    }

    public Optional<Provider> find(String name) {
        return Optional.ofNullable(byName.get(key(name)));
    }

    public Provider provider(String name) {
        return find(name).orElseThrow(() -> new ProviderNotFoundException(name, names()));
    }

    public List<String> names() {
        return providers.stream().map(p -> p.info().name()).toList();
    }

    /** Problems with command-line and config option keys (unknown providers or option names). */
    public List<String> checkOptionKeys(Iterable<String> keys) {
        Map<String, ProviderInfo> infos = new LinkedHashMap<>();
        providers.forEach(p -> infos.put(key(p.info().name()), p.info()));
        List<String> problems = new ArrayList<>();
        for (String k : keys) {
            OptionResolver.unknownKey(k, infos).ifPresent(problems::add);
        }
        return problems;
    }

    /** Starts a request on its provider or chain; nothing is sent until the stream is read. */
    public ChatStream stream(ChatRequest request) {
        if (request.messages().isEmpty() && !(request.task() == Task.IMAGE && request.imagePrompt().isPresent())) {
            Prompts.requireMessages(request.messages());
        }
        List<Route> routes = router.route(request);
        return new FallbackStream(routes, this::start, health);
    }

    /** The options of a provider as they resolve for a request. */
    public Options options(ProviderInfo info, ChatRequest request, boolean explicit) {
        return resolver.resolve(info, request, explicit);
    }

    /**
     * The settings a provider lacks to be usable for this request: {@code api_key} when it needs a key
     * and has none, and every required option without a value.
     */
    public List<String> missingSettings(Provider p, ChatRequest request) {
        Options options = options(p.info(), request, false);
        List<String> missing = new ArrayList<>();
        if (p.info().needsAuth() && options.find(ProviderOption.API_KEY).isEmpty()) {
            missing.add(ProviderOption.API_KEY);
        }
        for (ProviderOption o : p.info().options()) {
            if (o.required() && options.find(o.name()).isEmpty() && !missing.contains(o.name())) {
                missing.add(o.name());
            }
        }
        return missing;
    }

    Health health() {
        return health;
    }

    /** A call context for one provider call, with its own cancellation. */
    public CallContext context(Provider p, ChatRequest request, boolean explicit) {
        Options options = options(p.info(), request, explicit);
        Timeouts timeouts = timeouts(options);
        CallSettings settings = new CallSettings(p.info().name(), proxy(options), timeouts,
                System.nanoTime() + timeouts.total().toNanos(), new Cancellation());
        Http http = new Http(transport, settings, config.maxResponseBytes());
        return CallContext.builder(p.info().name(), options, http)
                .clock(clock)
                .sleeper(sleeper)
                .random(random)
                .media(new DefaultMediaLoader(config.media(), http))
                .build();
    }

    /** A short-lived context for side calls (model lists, health probes) with a total of {@code total}. */
    public CallContext sideContext(Provider p, Duration total) {
        ChatRequest none = ChatRequest.builder().timeout(total).build();
        return context(p, none, false);
    }

    /**
     * Downloads a URL through the provider's transport and proxy (generated images). When the media
     * policy keeps private networks out (the server), a URL the service gave, and every redirect, must
     * point at a public address or at one of the provider's own configured origins (its {@code base_url}
     * and the like, which may be a local mirror or simulator): a service cannot make the gateway fetch
     * from its internal network.
     */
    public byte[] download(String provider, String url) {
        Provider p = provider(provider);
        CallContext ctx = sideContext(p, Duration.ofMinutes(2));
        if (config.media().allowPrivateNetworks()) {
            return ctx.http().bytes(HttpRequest.get(url).header("Accept", "image/*,*/*").build());
        }
        List<String> trusted = new ArrayList<>();
        for (ProviderOption o : p.info().options()) {
            ctx.options().find(o.name()).flatMap(Engine::origin).ifPresent(trusted::add);
        }
        String current = url;
        for (int redirects = 0; ; redirects++) {
            checkDownload(provider, current, trusted);
            try (HttpResponse r = ctx.http().send(HttpRequest.get(current).header("Accept", "image/*,*/*")
                    .followRedirects(false).build())) {
                Optional<String> location = r.headers().first("Location");
                if (r.status() / 100 == 3 && location.isPresent() && redirects < 5) {
                    try {
                        current = java.net.URI.create(current).resolve(location.get().strip()).toString();
                    } catch (IllegalArgumentException e) {
                        throw new MalformedResponseException(ErrorKind.INVALID_RESPONSE,
                                "the image at " + Redaction.url(url) + " redirects to an invalid location")
                                .attachProvider(provider);
                    }
                    continue;
                }
                HttpErrors.check(r, provider);
                return r.readBytes(config.maxResponseBytes());
            }
        }
    }

    private static final MediaPolicy PUBLIC_URLS = MediaPolicy.untrusted(true);

    private static void checkDownload(String provider, String url, List<String> trusted) {
        if (origin(url).filter(trusted::contains).isPresent()) {
            return;
        }
        try {
            MediaUrls.check(PUBLIC_URLS, url, MediaUrls.SYSTEM);
        } catch (UnsupportedMediaException e) {
            throw new MalformedResponseException(ErrorKind.INVALID_RESPONSE, "the service's image URL "
                    + Redaction.url(url) + " is not fetched here: " + e.getMessage()).attachProvider(provider);
        }
    }

    /** {@code scheme://host:port} of an http(s) URL, lower-cased, with the default port made explicit. */
    static Optional<String> origin(String url) {
        try {
            java.net.URI u = new java.net.URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                return Optional.empty();
            }
            int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    Timeouts timeouts(Options options) {
        Timeouts t = config.timeouts();
        Optional<String> total = options.find(ProviderOption.TIMEOUT);
        if (total.isPresent()) {
            Duration d;
            try {
                d = Options.parseDuration(total.get());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(options.provider() + " option timeout: " + e.getMessage());
            }
            if (d.isZero() || d.isNegative()) {
                throw new InvalidRequestException(options.provider() + " option timeout must be positive");
            }
            t = t.withTotal(d);
        }
        return t;
    }

    private static Optional<ProxySpec> proxy(Options options) {
        return options.find(ProviderOption.PROXY).filter(s -> !s.isBlank()).map(ProxySpec::parse);
    }

    private ProducerStream start(Route route) {
        CallContext ctx = context(route.provider(), route.request(), route.explicit());
        Timeouts t = timeouts(ctx.options());
        return new ProducerStream(route.provider(), route.request(), ctx, t, ctx.http().settings().deadlineNanos(),
                activeCalls, watchdog).start();
    }

    /** Provider calls whose producer thread is still running. */
    public int activeCalls() {
        return activeCalls.get();
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        watchdog.close();
        transport.close();
    }
}
