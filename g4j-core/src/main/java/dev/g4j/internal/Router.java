package dev.g4j.internal;

import dev.g4j.ChatRequest;
import dev.g4j.MissingAuthException;
import dev.g4j.ModelNotFoundException;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderNotFoundException;
import dev.g4j.ProviderOption;
import dev.g4j.Task;
import dev.g4j.spi.Options;
import dev.g4j.spi.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the providers for a request: by name (one, or an explicit chain {@code "A,B"}), by model
 * (every provider that knows it, or {@code Provider/model}), or the default chain of working providers
 * that need no key (or have one).
 */
final class Router {
    private static final Duration CATALOG_FETCH = Duration.ofSeconds(15);

    private final Engine engine;

    Router(Engine engine) {
        this.engine = engine;
    }

    List<Route> route(ChatRequest request) {
        if (!request.provider().isEmpty()) {
            return explicit(request);
        }
        Optional<List<Route>> prefixed = prefixed(request);
        if (prefixed.isPresent()) {
            return prefixed.get();
        }
        if (!request.model().isEmpty()) {
            return byModel(request);
        }
        return defaultChain(request);
    }

    private List<Route> explicit(ChatRequest request) {
        List<Route> routes = new ArrayList<>();
        for (String name : request.provider().split("[,\\s]+")) {
            if (!name.isEmpty()) {
                routes.add(new Route(engine.provider(name), request, true));
            }
        }
        if (routes.isEmpty()) {
            throw new ProviderNotFoundException(request.provider(), engine.names());
        }
        return routes;
    }

    /** {@code DeepInfra/meta-llama/...} or {@code DeepInfra:model}: a provider name before the model. */
    private Optional<List<Route>> prefixed(ChatRequest request) {
        String model = request.model();
        for (char sep : new char[] {'/', ':'}) {
            int i = model.indexOf(sep);
            if (i > 0) {
                Optional<Provider> p = engine.find(model.substring(0, i));
                if (p.isPresent()) {
                    ChatRequest r = request.toBuilder().model(model.substring(i + 1)).build();
                    return Optional.of(List.of(new Route(p.get(), r, true)));
                }
            }
        }
        return Optional.empty();
    }

    private List<Route> byModel(ChatRequest request) {
        List<Provider> knowing = knowing(request.model());
        if (knowing.isEmpty()) {
            for (Provider p : engine.providers()) {
                if (p.info().models().hasRemote() && p.info().working()) {
                    p.info().models().refresh(engine.sideContext(p, CATALOG_FETCH));
                }
            }
            knowing = knowing(request.model());
        }
        if (knowing.isEmpty()) {
            LinkedHashSet<String> all = new LinkedHashSet<>();
            engine.providers().forEach(p -> all.addAll(p.info().models().acceptedNames()));
            throw new ModelNotFoundException(request.model(), List.copyOf(all), null);
        }
        List<Provider> ready = new ArrayList<>();
        List<Provider> later = new ArrayList<>();
        for (Provider p : knowing) {
            boolean usable = p.info().working() && engine.missingSettings(p, request).isEmpty();
            (usable ? ready : later).add(p);
        }
        List<Provider> ordered = new ArrayList<>(engine.health().order(ready, p -> p.info().name()));
        ordered.addAll(later);
        return ordered.stream().map(p -> new Route(p, request, false)).toList();
    }

    private List<Provider> knowing(String model) {
        return engine.providers().stream().filter(p -> p.info().models().knows(model)).toList();
    }

    private List<Route> defaultChain(ChatRequest request) {
        boolean images = !request.images().isEmpty();
        List<Provider> chain = new ArrayList<>();
        List<String> needKeys = new ArrayList<>();
        for (Provider p : engine.providers()) {
            ProviderInfo info = p.info();
            if (!info.working() || !serves(info, request.task(), images)) {
                continue;
            }
            List<String> missing = engine.missingSettings(p, request);
            if (!missing.isEmpty()) {
                if (missing.contains(ProviderOption.API_KEY)) {
                    needKeys.add(info.name());
                }
                continue;
            }
            chain.add(p);
        }
        if (chain.isEmpty()) {
            String what = request.task() == Task.IMAGE ? "image generation" : images ? "chat with images" : "chat";
            if (!needKeys.isEmpty()) {
                String first = needKeys.getFirst();
                throw new MissingAuthException("no provider for " + what + " is usable without an API key; "
                        + String.join(", ", needKeys) + " need one (e.g. set " + Options.envName(first, "api_key")
                        + " or pass --api-key with -p " + first + ")");
            }
            throw new ProviderNotFoundException("no working provider can do " + what);
        }
        return engine.health().order(chain, p -> p.info().name()).stream()
                .map(p -> new Route(p, request, false))
                .toList();
    }

    private static boolean serves(ProviderInfo info, Task task, boolean images) {
        if (task == Task.IMAGE) {
            return info.supportsImages();
        }
        if (images) {
            return info.supportsVision();
        }
        return info.models().defaultModel().isPresent() || info.models().hasRemote();
    }
}
