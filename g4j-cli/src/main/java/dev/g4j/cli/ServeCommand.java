package dev.g4j.cli;

import dev.g4j.G4j;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code g4j serve}: the OpenAI-compatible server, through {@link ServerRunner}. */
@Command(
        name = "serve",
        separator = " ",
        description = "Serve the OpenAI-compatible API (/v1/chat/completions, /v1/images/generations, /v1/models).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions globals;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = 1337;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "A key clients must send as a bearer token. Repeatable; none means no key is asked.")
    List<String> apiKeys = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Cli cli;

    ServeCommand(Cli cli) {
        this.cli = cli;
    }

    /** The keys given after {@code serve}, and those given before it. */
    private List<String> serverKeys() {
        List<String> all = new ArrayList<>(RootCommand.apiKeys(spec));
        all.addAll(apiKeys);
        return all;
    }

    @Override
    public Integer call() throws InterruptedException {
        GlobalOptions.Settings settings = GlobalOptions.merged(spec);
        if (port < 0 || port > 65_535) {
            throw new Errors.UsageException("--port must be between 0 and 65535: " + port);
        }
        try (G4j g4j = cli.client(settings, Optional.empty())) {
            return cli.server.run(g4j, new ServerRunner.Settings(host, port, serverKeys(), settings.verbosity()), cli.io,
                    cli.interrupts);
        }
    }
}
