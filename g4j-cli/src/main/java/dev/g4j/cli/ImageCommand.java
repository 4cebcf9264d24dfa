package dev.g4j.cli;

import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.G4j;
import dev.g4j.G4jException;
import dev.g4j.GeneratedImage;
import dev.g4j.ImageRequest;
import dev.g4j.ImagesResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * {@code g4j image}: generates images with a progress bar on stderr, saves every one under {@code -o}
 * (never overwriting: an existing name gets a numbered sibling) and prints the saved paths on stdout.
 * http(s) images are downloaded through the provider's transport and proxy; data URIs are decoded.
 */
@Command(
        name = "image",
        separator = " ",
        description = {
            "Generate images and save them. Progress goes to stderr; the saved paths to stdout.",
            "",
            "The prompt is the arguments, or stdin when it is piped."
        })
final class ImageCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions globals;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Image model name or alias.")
    String model = "";

    @Option(names = {"-p", "--provider"}, paramLabel = "PROVIDER",
            description = "Provider, or a comma-separated chain; default: every working image provider.")
    String provider = "";

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for the provider that needs one.")
    String apiKey;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = {
        "A file, or a directory in which names are generated (default: the current directory).",
        "An existing file is never overwritten."})
    String output;

    @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "What to draw (joined with spaces).")
    List<String> prompt = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Cli cli;

    ImageCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        GlobalOptions.Settings settings = GlobalOptions.merged(spec);
        String text = prompt.isEmpty() && !cli.io.stdinTty() ? ChatCommand.readStdin(cli.io).strip()
                : String.join(" ", prompt).strip();
        if (text.isEmpty()) {
            throw new Errors.UsageException("no prompt: give it as arguments, or pipe it to stdin");
        }
        Path target = target();
        StatusLine status = StatusLine.of(cli.io);
        try (G4j g4j = cli.client(settings, RootCommand.apiKey(spec, apiKey))) {
            ImageRequest request = ImageRequest.builder(text).model(model).provider(provider).build();
            ImagesResult result = generate(g4j, request, status);
            List<Path> saved = new ArrayList<>();
            boolean dir = Files.isDirectory(target);
            for (int i = 0; i < result.images().size(); i++) {
                GeneratedImage image = result.images().get(i);
                if (result.images().size() > 1 || image.url().regionMatches(true, 0, "http", 0, 4)) {
                    status.progress("saving", i, result.images().size());
                }
                Path p = image.save(target, dir ? i : 0);
                saved.add(p);
                status.clear();
                cli.io.out().println(p);
                cli.io.out().flush();
            }
            status.clear();
            String by = result.provider() + (result.model().isEmpty() ? "" : " (" + result.model() + ")");
            cli.io.err().println("saved " + saved.size() + (saved.size() == 1 ? " image" : " images") + " from " + by);
            return Errors.OK;
        } catch (G4jException | UncheckedIOException e) {
            status.clear();
            Errors.print(e, List.of(), cli.io.err(), settings.verbosity());
            return Errors.exitCode(e);
        }
    }

    private ImagesResult generate(G4j g4j, ImageRequest request, StatusLine status) {
        Thread worker = Thread.currentThread();
        try (Interrupts.Scope scope = cli.interrupts.arm(worker::interrupt)) {
            try {
                ImagesResult r = g4j.images().generate(request, e -> {
                    switch (e) {
                        case ChatEvent.Status s -> status.status(s.message());
                        case ChatEvent.Progress p -> status.progress(p.label(), p.done(), p.total());
                        default -> { }
                    }
                });
                if (cli.interrupts.requested()) {
                    throw new G4jException(ErrorKind.CANCELLED, "interrupted");
                }
                return r;
            } catch (G4jException e) {
                if (cli.interrupts.requested()) {
                    throw new G4jException(ErrorKind.CANCELLED, "interrupted");
                }
                throw e;
            } finally {
                Thread.interrupted();
            }
        }
    }

    /** The {@code -o} path: a directory that exists or is written as one (a trailing slash), else a file. */
    private Path target() {
        if (output == null || output.isBlank()) {
            return cli.io.workingDir();
        }
        Path p = cli.io.resolve(output);
        if (output.endsWith("/") || output.endsWith(File.separator)) {
            try {
                Files.createDirectories(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the directory " + output + ": " + e.getMessage(), e);
            }
        }
        return p;
    }
}
