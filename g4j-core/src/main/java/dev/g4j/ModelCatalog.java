package dev.g4j;

import dev.g4j.spi.CallContext;
import dev.g4j.spi.ModelList;
import dev.g4j.spi.ModelSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's models: defaults for text, image and vision, the lists, and aliases (alias → real name).
 *
 * <p>{@link #resolve} follows one rule set: an empty name is the default (the image default for an
 * image task, the vision default when the request carries images); an alias maps to its target; a known
 * name is itself (matched case-insensitively, returned as the catalog spells it); anything else is a
 * {@link ModelNotFoundException} listing what is available.
 *
 * <p>A catalog may also fetch its list from the service ({@link ModelSource}): lazily, when a name is
 * not in the built-in list or when the list is asked for with a call context; once per cache key,
 * thread-safe; a failed fetch keeps the built-in list and is retried only after a minute. Unknown names
 * are rejected even when the fetch failed, except by a catalog that knows no name at all (one that is
 * only the service's list): there a name passes through as g4f's {@code get_model} lets it, so an
 * unreachable service fails the call as unreachable instead of as "model not found".
 */
public final class ModelCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final String defaultModel;
    private final String defaultImageModel;
    private final String defaultVisionModel;
    private final ModelList builtIn;
    private final Map<String, String> aliases;
    private final ModelSource remote;

    private final Map<String, RemoteState> remoteStates = new ConcurrentHashMap<>();
    private volatile View latest;
    private final View builtInView;

    /** A list with the derived lookups computed once: every name, accepted names, case-insensitive index. */
    private record View(
            ModelList list, List<String> all, java.util.Set<String> names, List<String> accepted,
            Map<String, String> byLowerName) {
        static View of(ModelList list, Map<String, String> aliases) {
            LinkedHashSet<String> names = new LinkedHashSet<>(list.text());
            names.addAll(list.image());
            List<String> all = List.copyOf(names);
            LinkedHashSet<String> accepted = new LinkedHashSet<>(all);
            accepted.addAll(aliases.keySet());
            Map<String, String> index = new java.util.HashMap<>();
            for (String m : all) {
                index.putIfAbsent(m.toLowerCase(java.util.Locale.ROOT), m);
            }
            return new View(list, all, java.util.Set.copyOf(all), List.copyOf(accepted), Map.copyOf(index));
        }
    }

    /** One cache key's fetch: the fetched list's view once there is one, or when the last fetch failed. */
    private record RemoteState(View view, long failedAtNanos, RuntimeException failure, ReentrantLock lock) {}

    private ModelCatalog(Builder b) {
        this.defaultModel = b.defaultModel;
        this.defaultImageModel = b.defaultImageModel;
        this.defaultVisionModel = b.defaultVisionModel;
        this.builtIn = withDefaults(new ModelList(b.text, b.image, b.vision));
        this.aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.aliases));
        this.remote = b.remote;
        this.builtInView = View.of(builtIn, aliases);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> defaultModel() {
        return Optional.ofNullable(defaultModel);
    }

    public Optional<String> defaultImageModel() {
        return Optional.ofNullable(defaultImageModel);
    }

    public Optional<String> defaultVisionModel() {
        return Optional.ofNullable(defaultVisionModel);
    }

    /** Chat models: the fetched list once one was fetched, else the built-in one. */
    public List<String> textModels() {
        return current().text();
    }

    public List<String> imageModels() {
        return current().image();
    }

    public List<String> visionModels() {
        return current().vision();
    }

    public Map<String, String> aliases() {
        return aliases;
    }

    /** Every model name, chat then image, without duplicates. */
    public List<String> all() {
        return view().all();
    }

    /** Every name {@link #resolve} accepts: model names and aliases. */
    public List<String> acceptedNames() {
        return view().accepted();
    }

    public boolean hasRemote() {
        return remote != null;
    }

    /** Whether this name (or alias) is known without fetching anything. */
    public boolean knows(String name) {
        return !name.isEmpty() && lookup(view(), name) != null;
    }

    public boolean isImageModel(String name) {
        return containsIgnoreCase(imageModels(), name);
    }

    /** Whether this is an image model in the list that serves this call (the fetched one for its base URL). */
    public boolean isImageModel(String name, CallContext ctx) {
        return containsIgnoreCase(viewFor(ctx).list().image(), name);
    }

    public boolean isVisionModel(String name) {
        return containsIgnoreCase(visionModels(), name);
    }

    /** Resolves a name with the built-in (or already fetched) list only. */
    public String resolve(String requested, Task task, boolean withImages, String provider) {
        View v = view();
        String r = resolveKnown(v, requested, task, withImages, provider);
        if (r != null) {
            return r;
        }
        throw new ModelNotFoundException(requested, v.accepted(), provider);
    }

    /**
     * Resolves a name, fetching the service's list first when the name is unknown and a source exists.
     * A catalog with no default and a source takes the first model the service lists.
     */
    public String resolve(String requested, Task task, boolean withImages, CallContext ctx) {
        if ((requested == null || requested.isBlank()) && remote != null && !hasDefaultFor(task, withImages)) {
            if (!refresh(ctx)) {
                throwFetchFailure(ctx); // the default is the service's first model: the failure is the cause
            }
            ModelList fetched = viewFor(ctx).list();
            List<String> listed = task == Task.IMAGE ? fetched.image() : fetched.text();
            if (!listed.isEmpty()) {
                return listed.getFirst();
            }
        }
        View v = viewFor(ctx);
        String r = resolveKnown(v, requested, task, withImages, ctx.provider());
        if (r != null) {
            return r;
        }
        if (remote != null) {
            if (refresh(ctx)) {
                v = viewFor(ctx);
                r = resolveKnown(v, requested, task, withImages, ctx.provider());
                if (r != null) {
                    return r;
                }
            } else if (builtInView.accepted().isEmpty()) {
                // no list of ours to judge by (not another base URL's either): the service itself will say
                return requested.strip();
            }
        }
        throw new ModelNotFoundException(requested, v.accepted(), ctx.provider());
    }

    /** Rethrows why this call's service list could not be fetched, if it could not. */
    private void throwFetchFailure(CallContext ctx) {
        fetchFailure(ctx).ifPresent(e -> {
            throw e;
        });
    }

    /**
     * Why the service's list for this context could not be fetched, when the last fetch failed (the
     * built-in list is then in use); empty when it was fetched, not tried yet, or there is no remote list.
     */
    public Optional<RuntimeException> fetchFailure(CallContext ctx) {
        if (remote == null) {
            return Optional.empty();
        }
        RemoteState state = remoteStates.get(remote.cacheKey(ctx.options()));
        return state == null ? Optional.empty() : Optional.ofNullable(state.failure());
    }

    /**
     * Fetches the service's list for this context unless it was fetched already (or failed less than a
     * minute ago). Returns whether a fetched list is in use.
     */
    public boolean refresh(CallContext ctx) {
        if (remote == null) {
            return false;
        }
        String key = remote.cacheKey(ctx.options());
        RemoteState state = remoteStates.computeIfAbsent(key, k -> new RemoteState(null, 0, null, new ReentrantLock()));
        if (state.view() != null) {
            latest = state.view();
            return true;
        }
        state.lock().lock();
        try {
            RemoteState now = remoteStates.get(key);
            if (now.view() != null) {
                latest = now.view();
                return true;
            }
            if (now.failedAtNanos() != 0 && System.nanoTime() - now.failedAtNanos() < RETRY_AFTER_FAILURE.toNanos()) {
                return false;
            }
            try {
                View fetched = View.of(withDefaults(remote.fetch(ctx)), aliases);
                remoteStates.put(key, new RemoteState(fetched, 0, null, now.lock()));
                latest = fetched;
                return true;
            } catch (RuntimeException e) {
                LOG.debug("{}: model list fetch failed, keeping the built-in list: {}", ctx.provider(), e.getMessage());
                remoteStates.put(key, new RemoteState(null, System.nanoTime(), e, now.lock()));
                return false;
            }
        } finally {
            state.lock().unlock();
        }
    }

    private boolean hasDefaultFor(Task task, boolean withImages) {
        return task == Task.IMAGE ? defaultImageModel != null
                : defaultModel != null || (withImages && defaultVisionModel != null);
    }

    private String resolveKnown(View v, String requested, Task task, boolean withImages, String provider) {
        String name = requested == null ? "" : requested.strip();
        if (name.isEmpty()) {
            if (task == Task.IMAGE) {
                if (defaultImageModel != null) {
                    return defaultImageModel;
                }
                throw new ModelNotFoundException("(default image model)", v.list().image(), provider);
            }
            if (withImages && defaultVisionModel != null) {
                return defaultVisionModel;
            }
            if (defaultModel != null) {
                return defaultModel;
            }
            if (defaultImageModel != null) {
                return defaultImageModel;
            }
            throw new ModelNotFoundException("(default model)", v.accepted(), provider);
        }
        return lookup(v, name);
    }

    private String lookup(View v, String name) {
        String target = aliases.get(name);
        if (target != null) {
            return target;
        }
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return v.names().contains(name) ? name : v.byLowerName().get(name.toLowerCase(java.util.Locale.ROOT));
    }

    private ModelList current() {
        return view().list();
    }

    /** The list shown without a call: the one fetched last, else the built-in one. */
    private View view() {
        View l = latest;
        return l != null ? l : builtInView;
    }

    /** The list of this call's service (its cache key, e.g. its base URL), without fetching: else the built-in one. */
    private View viewFor(CallContext ctx) {
        if (remote == null) {
            return builtInView;
        }
        RemoteState state = remoteStates.get(remote.cacheKey(ctx.options()));
        return state != null && state.view() != null ? state.view() : builtInView;
    }

    private ModelList withDefaults(ModelList l) {
        List<String> text = new ArrayList<>(l.text());
        List<String> image = new ArrayList<>(l.image());
        List<String> vision = new ArrayList<>(l.vision());
        if (defaultModel != null && !text.contains(defaultModel) && !image.contains(defaultModel)) {
            text.addFirst(defaultModel);
        }
        if (defaultImageModel != null && !image.contains(defaultImageModel)) {
            image.addFirst(defaultImageModel);
        }
        if (defaultVisionModel != null && !vision.contains(defaultVisionModel)) {
            vision.addFirst(defaultVisionModel);
        }
        return new ModelList(text, image, vision);
    }

    private static boolean containsIgnoreCase(List<String> list, String name) {
        for (String s : list) {
            if (s.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Builds a {@link ModelCatalog}. */
    public static final class Builder {
        private String defaultModel;
        private String defaultImageModel;
        private String defaultVisionModel;
        private final List<String> text = new ArrayList<>();
        private final List<String> image = new ArrayList<>();
        private final List<String> vision = new ArrayList<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private ModelSource remote;

        private Builder() {}

        public Builder defaultModel(String name) {
            this.defaultModel = Objects.requireNonNull(name);
            return this;
        }

        public Builder defaultImageModel(String name) {
            this.defaultImageModel = Objects.requireNonNull(name);
            return this;
        }

        public Builder defaultVisionModel(String name) {
            this.defaultVisionModel = Objects.requireNonNull(name);
            return this;
        }

        public Builder textModels(String... names) {
            text.addAll(List.of(names));
            return this;
        }

        public Builder imageModels(String... names) {
            image.addAll(List.of(names));
            return this;
        }

        public Builder visionModels(String... names) {
            vision.addAll(List.of(names));
            return this;
        }

        public Builder alias(String alias, String target) {
            aliases.put(Objects.requireNonNull(alias), Objects.requireNonNull(target));
            return this;
        }

        public Builder remote(ModelSource source) {
            this.remote = Objects.requireNonNull(source);
            return this;
        }

        public ModelCatalog build() {
            return new ModelCatalog(this);
        }
    }
}
