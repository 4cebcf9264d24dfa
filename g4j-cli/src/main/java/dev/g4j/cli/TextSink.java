package dev.g4j.cli;

import dev.g4j.Attempt;
import dev.g4j.ChatEvent;
import dev.g4j.ToolCall;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Renders an answer for a person: its text on stdout exactly as it arrives (flushed per delta), and
 * everything else on stderr: status and progress on the {@link StatusLine}, reasoning dimmed, notes.
 * A final newline is added only on a terminal, so piped output is the answer byte for byte.
 */
final class TextSink implements EventSink {
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final PrintStream err;
    private final StatusLine status;
    private final boolean stdoutTty;
    private final boolean colors;
    private final int verbosity;
    private boolean textOpen;
    private char lastText = '\n';
    private boolean reasoningOpen;
    private char lastReasoning = '\n';

    TextSink(Io io, StatusLine status, int verbosity) {
        this.out = io.out();
        this.err = io.err();
        this.status = status;
        this.stdoutTty = io.stdoutTty();
        this.colors = io.fancyErr() && !io.noColor();
        this.verbosity = verbosity;
    }

    @Override
    public void accept(ChatEvent event, Turn turn) {
        switch (event) {
            case ChatEvent.TextDelta t -> text(t.text());
            case ChatEvent.ReasoningDelta r -> reasoning(r.text());
            case ChatEvent.Status s -> status.status(s.message());
            case ChatEvent.Progress p -> status.progress(p.label(), p.done(), p.total());
            case ChatEvent.ImageOutput i -> images(i);
            case ChatEvent.ToolCalls c -> {
                for (ToolCall call : c.calls()) {
                    note("tool call " + call.name() + "(" + call.arguments() + ")");
                }
            }
            case ChatEvent.Usage u -> {
                if (verbosity > 0) {
                    note(String.format(Locale.ROOT, "usage: %d prompt + %d completion = %d tokens",
                            u.promptTokens(), u.completionTokens(), u.totalTokens()));
                }
            }
            case ChatEvent.ConversationState c -> { }
            case ChatEvent.Finished f -> {
                if (!f.reason().equals("stop") && !f.reason().equals("end_turn")) {
                    endLine();
                    note("(the answer ended: " + f.reason() + ")");
                }
            }
        }
    }

    @Override
    public void end(Turn turn, boolean ok) {
        endLine();
        textOpen = false;
        lastText = '\n';
        status.clear();
        status.resume();
        if (ok && verbosity > 0 && !turn.provider().isEmpty()) {
            note("answered by " + turn.provider() + (turn.model().isEmpty() ? "" : " (" + turn.model() + ")"));
        }
    }

    @Override
    public void failure(Throwable error, List<Attempt> attempts) {
        status.clear();
        Errors.print(error, attempts, err, verbosity);
    }

    private void text(String s) {
        if (s.isEmpty()) {
            return;
        }
        if (!textOpen) {
            closeReasoning();
            if (stdoutTty) {
                status.pauseWhileAnswering();
            }
            textOpen = true;
        }
        out.print(s);
        out.flush();
        if (out.checkError()) {
            throw new BrokenOutput();
        }
        lastText = s.charAt(s.length() - 1);
    }

    private void reasoning(String s) {
        if (s.isEmpty()) {
            return;
        }
        if (!reasoningOpen) {
            status.clear();
            reasoningOpen = true;
        }
        err.print(colors ? DIM + s + RESET : s);
        err.flush();
        lastReasoning = s.charAt(s.length() - 1);
    }

    private void closeReasoning() {
        if (reasoningOpen) {
            if (lastReasoning != '\n') {
                err.println();
            }
            reasoningOpen = false;
        }
    }

    private void images(ChatEvent.ImageOutput images) {
        for (String url : images.urls()) {
            if (url.regionMatches(true, 0, "data:", 0, 5) && stdoutTty) {
                note("an image came as a data URI of " + url.length() + " characters; `g4j image -o FILE` saves it");
            } else {
                endLine();
                status.clear();
                out.println(url);
                out.flush();
            }
        }
    }

    /** Ends the answer's line on a terminal; piped output stays byte for byte. */
    private void endLine() {
        closeReasoning();
        if (textOpen && lastText != '\n' && stdoutTty) {
            out.println();
            lastText = '\n';
        }
        out.flush();
    }

    /** Stdout was closed (a reader such as {@code head} left): the answer is no longer wanted. */
    static final class BrokenOutput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BrokenOutput() {
            super("stdout is closed", null, false, false);
        }
    }

    private void note(String line) {
        status.println(colors ? DIM + line + RESET : line);
    }
}
