package dev.g4j.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code g4j}: the sub-commands, {@code --version}, {@code --help}, and the global options. */
@Command(
        name = "g4j",
        separator = " ",
        versionProvider = Version.class,
        description = "Streaming access to generative-AI providers, with automatic fallback.",
        footerHeading = "%n",
        footer = {
            "Results go to stdout; status, progress and errors to stderr.",
            "Exit codes: 0 ok, 2 usage, 3 unknown provider or model, 4 missing auth,",
            "            5 every provider failed or an upstream error, 130 interrupted."
        })
final class RootCommand implements Callable<Integer> {
    /**
     * The sub-commands, in the order help lists them. {@link Cli} registers only the one a command line
     * names (picocli reads each command's annotations when it is registered, and that is most of the
     * start-up time), or all of them for help and for suggestions after a typo.
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("chat", ChatCommand.class);
        m.put("image", ImageCommand.class);
        m.put("models", ModelsCommand.class);
        m.put("providers", ProvidersCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Root options that take a value: their value is not a command name. */
    private static final Set<String> WITH_VALUE = Set.of("--option", "--proxy", "--timeout", "--api-key");

    /**
     * The sub-commands to register for these arguments: the one named; none when only the version is
     * asked for; all otherwise (help, no command, an unknown word).
     */
    static Collection<String> needed(String... args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (WITH_VALUE.contains(a)) {
                i++;
            } else if (a.equals("-V") || a.equals("--version")) {
                version = true;
            } else if (!a.startsWith("-")) {
                return COMMANDS.containsKey(a) && !a.equals("help") ? List.of(a) : COMMANDS.keySet();
            }
        }
        return version ? List.of() : COMMANDS.keySet();
    }
    @Mixin
    GlobalOptions globals;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "The key for the provider that needs one (chat, image, models, providers check), "
                    + "or a key clients must send (serve); also accepted after the command name.")
    List<String> apiKeys = new java.util.ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Cli cli;

    RootCommand(Cli cli) {
        this.cli = cli;
    }

    /** The {@code --api-key} values given before the command name. */
    static List<String> apiKeys(CommandSpec spec) {
        return spec.root().userObject() instanceof RootCommand r ? r.apiKeys : List.of();
    }

    /**
     * The provider key of a command: its own {@code --api-key}, else the last one given before the
     * command name.
     */
    static java.util.Optional<String> apiKey(CommandSpec spec, String own) {
        if (own != null) {
            return java.util.Optional.of(own);
        }
        List<String> root = apiKeys(spec);
        return root.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(root.getLast());
    }

    @Override
    public Integer call() {
        cli.io.err().println("g4j: a command is required");
        spec.commandLine().usage(cli.io.err());
        return Errors.USAGE;
    }
}
