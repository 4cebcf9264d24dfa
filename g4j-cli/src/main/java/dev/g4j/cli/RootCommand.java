package dev.g4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code g4j}: the sub-commands, {@code --version}, {@code --help}, and the global options. */
@Command(
        name = "g4j",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Streaming access to generative-AI providers, with automatic fallback.",
        subcommands = {
            ChatCommand.class,
            ImageCommand.class,
            ModelsCommand.class,
            ProvidersCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%n",
        footer = {
            "Results go to stdout; status, progress and errors to stderr.",
            "Exit codes: 0 ok, 2 usage, 3 unknown provider or model, 4 missing auth,",
            "            5 every provider failed or an upstream error, 130 interrupted."
        })
final class RootCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions globals;

    @Spec
    CommandSpec spec;

    private final Cli cli;

    RootCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        cli.io.err().println("g4j: a command is required");
        spec.commandLine().usage(cli.io.err());
        return Errors.USAGE;
    }
}
