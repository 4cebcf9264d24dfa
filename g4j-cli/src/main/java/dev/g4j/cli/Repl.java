package dev.g4j.cli;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.Media;
import dev.g4j.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive session of {@code g4j chat} on a terminal (JLine): line editing, a history file,
 * multi-line input ({@link PromptParser}), Ctrl-C stops the answer being written and returns to the
 * prompt, Ctrl-D leaves. The session keeps the messages of every finished turn and the last
 * conversation state, and sends both with the next turn, to the provider that made the state, so a
 * provider with a remote session (Janus) continues the same one.
 */
final class Repl {
    private static final String HELP = "Type a message and Enter. A line ending in \\ continues; \"\"\" starts and "
            + "ends a block. /reset forgets the conversation, /exit or Ctrl-D leaves, Ctrl-C stops an answer.";

    /** Held so the level set on it is not lost with a collected logger. */
    private static final java.util.logging.Logger JLINE_LOG = java.util.logging.Logger.getLogger("org.jline");

    private final Cli cli;
    private final ChatTurn turn;
    private final Supplier<ChatRequest.Builder> base;
    private final EventSink sink;
    private final List<Media> firstMedia;
    private final String system;
    private final int verbosity;
    private final List<Message> history = new ArrayList<>();
    private ChatEvent.ConversationState state;

    Repl(Cli cli, ChatTurn turn, Supplier<ChatRequest.Builder> base, EventSink sink, List<Media> media,
            String system, int verbosity) {
        this.verbosity = verbosity;
        this.cli = cli;
        this.turn = turn;
        this.base = base;
        this.sink = sink;
        this.firstMedia = List.copyOf(media);
        this.system = system;
    }

    int run() {
        try (Terminal terminal = terminal()) {
            LineReader reader = reader(terminal);
            terminal.handle(Terminal.Signal.INT, s -> cli.interrupts.triggerIfArmed());
            terminal.writer().println("g4j chat: " + HELP);
            terminal.flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine("> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt drops the line
                } catch (EndOfFileException e) {
                    return Errors.OK;
                }
                String input = PromptParser.text(line).strip();
                if (input.isEmpty()) {
                    continue;
                }
                switch (input) {
                    case "/exit", "/quit" -> {
                        return Errors.OK;
                    }
                    case "/reset" -> {
                        history.clear();
                        state = null;
                        cli.io.err().println("(conversation forgotten)");
                    }
                    case "/help" -> cli.io.err().println(HELP);
                    default -> ask(input);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /** One turn: on success its question and answer join the history; a failed or stopped turn does not. */
    private void ask(String input) {
        Message question = history.isEmpty() && !firstMedia.isEmpty()
                ? Message.user(input, firstMedia.toArray(Media[]::new))
                : Message.user(input);
        ChatRequest.Builder request = base.get();
        if (system != null) {
            request.addMessage(Message.system(system));
        }
        history.forEach(request::addMessage);
        request.addMessage(question);
        if (state != null) {
            request.provider(state.provider()).conversation(state);
        }
        ChatTurn.Outcome outcome = turn.run(request.build(), sink);
        if (outcome.ok()) {
            history.add(question);
            history.add(Message.assistant(outcome.text()));
            outcome.conversation().ifPresent(c -> state = c);
        }
    }

    private Terminal terminal() throws IOException {
        if (cli.io.real()) {
            // JLine reports through java.util.logging, which would print on stderr; -v lets it speak
            JLINE_LOG.setLevel(verbosity > 0 ? java.util.logging.Level.INFO : java.util.logging.Level.OFF);
            return TerminalBuilder.builder()
                    .name("g4j")
                    .system(true)
                    .systemOutput(TerminalBuilder.SystemOutput.SysOutOrSysErr)
                    .encoding(StandardCharsets.UTF_8)
                    .build();
        }
        // tests: a dumb terminal over the run's streams; the prompts go to stderr, never among the answers
        return TerminalBuilder.builder()
                .name("g4j")
                .system(false)
                .streams(cli.io.in(), cli.io.err())
                .type(Terminal.TYPE_DUMB)
                .encoding(StandardCharsets.UTF_8)
                .build();
    }

    private LineReader reader(Terminal terminal) {
        LineReaderBuilder b = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("g4j")
                .parser(new PromptParser())
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, ". ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (cli.io.real()) {
            historyFile().ifPresent(p -> b.variable(LineReader.HISTORY_FILE, p));
        }
        return b.build();
    }

    /** {@code $XDG_STATE_HOME/g4j/history}, else {@code ~/.local/state/g4j/history}. */
    private java.util.Optional<Path> historyFile() {
        String state = cli.io.env().get("XDG_STATE_HOME");
        String home = cli.io.env().getOrDefault("HOME", System.getProperty("user.home"));
        Path dir = state != null && !state.isBlank() ? Path.of(state, "g4j")
                : home != null ? Path.of(home, ".local", "state", "g4j") : null;
        if (dir == null) {
            return java.util.Optional.empty();
        }
        try {
            Files.createDirectories(dir);
            return java.util.Optional.of(dir.resolve("history"));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
