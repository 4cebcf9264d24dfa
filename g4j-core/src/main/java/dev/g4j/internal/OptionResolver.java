package dev.g4j.internal;

import dev.g4j.ChatRequest;
import dev.g4j.G4jConfig;
import dev.g4j.InvalidRequestException;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.spi.Options;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves provider options, highest first: the call › command line › environment
 * {@code G4J_<PROVIDER>_<NAME>} › config file › default.
 *
 * <p>Keys on the command line and in the config file are {@code NAME} (every provider) or
 * {@code PROVIDER.NAME}. An unqualified {@code api_key} (from the call or the command line) only
 * reaches providers that need a key or that the caller named, so a key meant for one service is never
 * sent to another.
 */
final class OptionResolver {
    private final Map<String, String> cli;
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final Map<String, Options> bases = new java.util.concurrent.ConcurrentHashMap<>();

    OptionResolver(G4jConfig config) {
        this.cli = lowerKeys(config.options());
        this.env = config.environment();
        this.file = config.configFile().map(OptionResolver::readFile).orElse(Map.of());
    }

    Options resolve(ProviderInfo info, ChatRequest request, boolean explicit) {
        boolean takesUnqualifiedKey = info.needsAuth() || explicit;
        // everything below the call level is fixed for the client's life: resolved once per provider
        Options base = bases.computeIfAbsent(info.name() + (takesUnqualifiedKey ? "\u0000key" : ""),
                k -> resolveBelowCall(info, takesUnqualifiedKey));
        Map<String, Options.Value> call = new LinkedHashMap<>();
        for (ProviderOption o : info.options()) {
            boolean unqualifiedOk = !o.name().equals(ProviderOption.API_KEY) || takesUnqualifiedKey;
            Options.Value v = fromCall(request, o.name(), unqualifiedOk);
            if (v != null) {
                call.put(o.name(), v);
            }
        }
        return call.isEmpty() ? base : base.with(call);
    }

    private Options resolveBelowCall(ProviderInfo info, boolean takesUnqualifiedKey) {
        Map<String, Options.Value> values = new LinkedHashMap<>();
        String provider = info.name();
        String qualifier = provider.toLowerCase(Locale.ROOT) + ".";
        for (ProviderOption o : info.options()) {
            String name = o.name();
            boolean unqualifiedOk = !name.equals(ProviderOption.API_KEY) || takesUnqualifiedKey;
            Options.Value v = lookup(cli, qualifier, name, unqualifiedOk, "command line");
            if (v == null) {
                String envName = Options.envName(provider, name);
                String e = env.get(envName);
                if (e != null && !e.isEmpty()) {
                    v = new Options.Value(e, "env " + envName);
                }
            }
            if (v == null) {
                v = lookup(file, qualifier, name, unqualifiedOk, "config file");
            }
            if (v == null && o.defaultValue().isPresent()) {
                v = new Options.Value(o.defaultValue().get(), "default");
            }
            if (v != null) {
                values.put(name, v);
            }
        }
        return new Options(provider, info.options(), values);
    }

    /** Checks that every qualified key names a known provider option; returns the problems. */
    static Optional<String> unknownKey(String key, Map<String, ProviderInfo> byLowerName) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            for (ProviderInfo info : byLowerName.values()) {
                if (info.option(key.toLowerCase(Locale.ROOT)).isPresent()) { // resolved case-insensitively
                    return Optional.empty();
                }
            }
            return Optional.of("no provider has an option named " + key);
        }
        ProviderInfo info = byLowerName.get(key.substring(0, dot).toLowerCase(Locale.ROOT));
        if (info == null) {
            return Optional.of("unknown provider in option " + key);
        }
        String name = key.substring(dot + 1);
        if (info.option(name.toLowerCase(Locale.ROOT)).isEmpty()) {
            return Optional.of(info.name() + " has no option " + name + " (it has: "
                    + String.join(", ", info.options().stream().map(ProviderOption::name).toList()) + ")");
        }
        return Optional.empty();
    }

    private static Options.Value fromCall(ChatRequest request, String name, boolean unqualifiedOk) {
        String v = request.options().get(name);
        if (v != null) {
            return new Options.Value(v, "call");
        }
        Optional<String> special = switch (name) {
            case ProviderOption.API_KEY -> unqualifiedOk ? request.apiKey() : Optional.empty();
            case ProviderOption.PROXY -> request.proxy();
            case ProviderOption.TIMEOUT -> request.timeout().map(d -> d.toMillis() + "ms");
            default -> Optional.empty();
        };
        return special.map(s -> new Options.Value(s, "call")).orElse(null);
    }

    private static Options.Value lookup(
            Map<String, String> map, String qualifier, String name, boolean unqualifiedOk, String source) {
        String v = map.get(qualifier + name.toLowerCase(Locale.ROOT));
        if (v == null && unqualifiedOk) {
            v = map.get(name.toLowerCase(Locale.ROOT));
        }
        return v == null ? null : new Options.Value(v, source);
    }

    private static Map<String, String> lowerKeys(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static Map<String, String> readFile(Path path) {
        if (!Files.isRegularFile(path)) { // named explicitly (G4J_CONFIG or the builder): a typo must not pass unseen
            throw new InvalidRequestException("the config file " + path + " does not exist"
                    + (Files.exists(path) ? " as a regular file" : ""));
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidRequestException("cannot read the config file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.forEach((k, v) -> out.put(k.toString().strip().toLowerCase(Locale.ROOT), v.toString().strip()));
        return out;
    }
}
