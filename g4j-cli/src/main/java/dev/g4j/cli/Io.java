package dev.g4j.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of the command talks to: its three streams, its environment, its working directory and
 * the terminal facts. {@link #system()} is the real process; tests build their own.
 *
 * <p>Java 21 cannot tell reliably which of the three streams is a terminal ({@code System.console()}
 * answers for stdin and stdout together), so the {@code ./g4j} launcher passes what the shell's
 * {@code [ -t N ]} says as {@code -Dg4j.tty=in,out,err} (the streams that are terminals) and the width
 * as {@code -Dg4j.columns=N}.
 *
 * @param out results only; UTF-8 whatever the locale, flushed by the writers when it matters
 * @param err everything else: status, progress, errors, logs
 * @param real whether these are the process's own streams (the interactive session then opens the
 *     real terminal, and logging is configured)
 */
record Io(
        InputStream in,
        PrintStream out,
        PrintStream err,
        Map<String, String> env,
        Path workingDir,
        boolean stdinTty,
        boolean stdoutTty,
        boolean stderrTty,
        int columns,
        boolean real) {

    Io {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(workingDir, "workingDir");
        if (columns <= 0) {
            columns = 80;
        }
    }

    /** The process's streams, environment and terminal facts. */
    static Io system() {
        String tty = System.getProperty("g4j.tty");
        boolean in;
        boolean out;
        boolean err;
        if (tty != null) {
            in = tty.contains("in");
            out = tty.contains("out");
            err = tty.contains("err");
        } else {
            // started without the launcher: Java 21's console answers for stdin and stdout together
            boolean console = System.console() != null;
            in = console;
            out = console;
            err = console;
        }
        int columns = parseColumns(System.getProperty("g4j.columns"), System.getenv("COLUMNS"));
        return new Io(
                new FileInputStream(FileDescriptor.in),
                new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 14), false,
                        StandardCharsets.UTF_8),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                System.getenv(),
                Path.of("").toAbsolutePath(),
                in, out, err, columns, true);
    }

    static int parseColumns(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                try {
                    int n = Integer.parseInt(c.strip());
                    if (n > 0) {
                        return n;
                    }
                } catch (NumberFormatException ignored) {
                    // try the next source
                }
            }
        }
        return 80;
    }

    /** Whether colours and other escapes may be written to stderr. */
    boolean fancyErr() {
        return stderrTty && !"dumb".equals(env.get("TERM"));
    }

    boolean noColor() {
        return env.containsKey("NO_COLOR");
    }

    /** A path as the user typed it, relative to the working directory. */
    Path resolve(String path) {
        return workingDir.resolve(path);
    }
}
