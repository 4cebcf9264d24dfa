package dev.g4j.cli;

import dev.g4j.spi.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options every command takes, before or after its name ({@code g4j -v chat} and
 * {@code g4j chat -v} are the same): a mixin in each command, merged from the root down by
 * {@link #merged(CommandSpec)}.
 */
final class GlobalOptions {
    @Option(names = "--option", paramLabel = "K=V",
            description = "A provider option: NAME=VALUE for every provider, or PROVIDER.NAME=VALUE "
                    + "(e.g. DeepInfra.base_url=http://localhost:8080). Repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--proxy", paramLabel = "URL",
            description = "Proxy for every request: http://, https:// or socks5://user:pass@host:port.")
    String proxy;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Total deadline of each provider call, e.g. 90s or 2m.")
    String timeout;

    @Option(names = {"-v", "--verbose"},
            description = "Logs on stderr: -v for info (and stack traces), -vv for debug.")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** The global options of a command and its parents, the innermost winning. */
    static Settings merged(CommandSpec spec) {
        List<GlobalOptions> chain = new ArrayList<>();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            for (CommandSpec mixin : s.mixins().values()) {
                if (mixin.userObject() instanceof GlobalOptions g) {
                    chain.add(g);
                }
            }
        }
        Collections.reverse(chain);
        Map<String, String> options = new LinkedHashMap<>();
        String proxy = null;
        String timeout = null;
        int verbosity = 0;
        for (GlobalOptions g : chain) {
            options.putAll(g.options);
            proxy = g.proxy != null ? g.proxy : proxy;
            timeout = g.timeout != null ? g.timeout : timeout;
            verbosity += g.verbose.length;
        }
        return new Settings(options, Optional.ofNullable(proxy), parseTimeout(timeout), Math.min(verbosity, 2));
    }

    private static Optional<Duration> parseTimeout(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = Options.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new Errors.UsageException("--timeout: " + e.getMessage());
        }
        if (d.isZero() || d.isNegative()) {
            throw new Errors.UsageException("--timeout must be positive: " + text);
        }
        return Optional.of(d);
    }

    /** The merged global options of one run. */
    record Settings(Map<String, String> options, Optional<String> proxy, Optional<Duration> timeout, int verbosity) {
        Settings {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }
    }
}
