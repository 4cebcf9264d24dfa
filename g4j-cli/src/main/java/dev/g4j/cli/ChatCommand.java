package dev.g4j.cli;

import dev.g4j.ChatRequest;
import dev.g4j.G4j;
import dev.g4j.G4jException;
import dev.g4j.Media;
import dev.g4j.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code g4j chat}: the prompt from the arguments, else from stdin when it is piped, else an
 * interactive session on the terminal. The answer streams to stdout as it arrives.
 */
@Command(
        name = "chat",
        separator = " ",
        description = {
            "Ask a model. The answer streams to stdout as it arrives; status and progress go to stderr.",
            "",
            "The prompt is the arguments; without them, stdin when it is piped, else an interactive session: "
                    + "history, multi-line input (a line ending in \\, or a block between \"\"\" lines), Ctrl-C "
                    + "stops an answer, Ctrl-D leaves."
        })
final class ChatCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions globals;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model name or alias (or PROVIDER/MODEL).")
    String model = "";

    @Option(names = {"-p", "--provider"}, paramLabel = "PROVIDER",
            description = "Provider, or a comma-separated chain; default: every working provider that can answer.")
    String provider = "";

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for the provider that needs one.")
    String apiKey;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message before the conversation.")
    String system;

    @Option(names = "--image", paramLabel = "FILE", description = "Attach an image (a file, URL or data URI). Repeatable.")
    List<String> images = new ArrayList<>();

    @Option(names = "--no-stream", description = "Ask the service for the whole answer at once.")
    boolean noStream;

    @Option(names = "--json", description = "Print every event as one JSON line on stdout (for scripts).")
    boolean json;

    @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "The prompt (joined with spaces).")
    List<String> prompt = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Cli cli;

    ChatCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        GlobalOptions.Settings settings;
        try {
            settings = GlobalOptions.merged(spec);
            return chat(settings);
        } catch (Errors.UsageException | G4jException e) {
            if (!json) {
                throw e;
            }
            new JsonSink(cli.io, 0).failure(e, List.of()); // scripts get their error line in JSON mode too
            return Errors.exitCode(e);
        }
    }

    private int chat(GlobalOptions.Settings settings) {
        List<Media> media = media(images, cli.io);
        String text = null;
        if (!prompt.isEmpty()) {
            text = String.join(" ", prompt);
            if (text.isBlank()) {
                throw new Errors.UsageException("no prompt: the prompt given is empty");
            }
        } else if (!cli.io.stdinTty()) {
            text = readStdin(cli.io).stripTrailing();
            if (text.isBlank()) {
                throw new Errors.UsageException("no prompt: give it as arguments, or pipe it to stdin");
            }
        }
        try (G4j g4j = cli.client(settings, RootCommand.apiKey(spec, apiKey))) {
            ChatTurn turn = new ChatTurn(g4j, cli.interrupts, cli.giveUpAfter, settings.verbosity());
            if (text == null) {
                return new Repl(cli, turn, this::baseRequest, sink(settings), media, system,
                        settings.verbosity()).run();
            }
            ChatRequest.Builder request = baseRequest();
            if (system != null) {
                request.addMessage(Message.system(system));
            }
            request.addMessage(Message.user(text, media.toArray(Media[]::new)));
            return turn.run(request.build(), sink(settings)).exitCode();
        }
    }

    /** The request without messages: model, provider, streaming. */
    private ChatRequest.Builder baseRequest() {
        return ChatRequest.builder().model(model).provider(provider).stream(!noStream);
    }

    private EventSink sink(GlobalOptions.Settings settings) {
        return json ? new JsonSink(cli.io, settings.verbosity())
                : new TextSink(cli.io, StatusLine.of(cli.io), settings.verbosity());
    }

    /** The attachments; a file that does not exist is a usage error before anything is sent. */
    static List<Media> media(List<String> refs, Io io) {
        List<Media> out = new ArrayList<>();
        for (String ref : refs) {
            Media m;
            try {
                m = Media.parse(ref);
            } catch (RuntimeException e) {
                throw new Errors.UsageException("--image " + ref + ": " + e.getMessage());
            }
            if (m.source() == Media.Source.FILE) {
                Path p = io.resolve(ref);
                if (!Files.isRegularFile(p)) {
                    throw new Errors.UsageException("--image: no such file: " + ref);
                }
                m = Media.ofFile(p);
            }
            out.add(m);
        }
        return out;
    }

    static String readStdin(Io io) {
        try {
            return new String(io.in().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin: " + e.getMessage(), e);
        }
    }
}
