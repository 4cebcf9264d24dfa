package dev.g4j.cli;

import dev.g4j.AllProvidersFailedException;
import dev.g4j.Attempt;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Exit codes and the way failures are told: one line on stderr naming the provider and the cause, one
 * line per provider when several were tried, a stack trace only with {@code -v}.
 */
final class Errors {
    static final int OK = 0;
    /** An unexpected failure: a bug, or a file that cannot be written. */
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int AUTH = 4;
    static final int UPSTREAM = 5;
    static final int INTERRUPTED = 130;

    private Errors() {}

    /**
     * The exit code of a failure. Every provider failing is 5, except when all of them failed for the
     * same reason the user can fix: all needed a key (4), none knew the model (3).
     */
    static int exitCode(Throwable t) {
        if (t instanceof UsageException) {
            return USAGE;
        }
        if (!(t instanceof G4jException g)) {
            return FAILURE;
        }
        if (g instanceof AllProvidersFailedException all) {
            List<ErrorKind> kinds = all.attempts().stream()
                    .map(a -> a.error().map(G4jException::kind).orElse(ErrorKind.EMPTY_OUTPUT))
                    .distinct().toList();
            if (kinds.size() == 1 && kinds.getFirst() != ErrorKind.ALL_FAILED) {
                int single = exitCode(kinds.getFirst());
                return single == AUTH || single == NOT_FOUND ? single : UPSTREAM;
            }
            return UPSTREAM;
        }
        return exitCode(g.kind());
    }

    static int exitCode(ErrorKind kind) {
        return switch (kind) {
            case PROVIDER_NOT_FOUND, MODEL_NOT_FOUND -> NOT_FOUND;
            case MISSING_AUTH -> AUTH;
            case INVALID_REQUEST, UNSUPPORTED_MEDIA -> USAGE;
            case CANCELLED -> INTERRUPTED;
            default -> UPSTREAM;
        };
    }

    /** Prints a failure: the headline, every attempt when there were several, the trace with -v. */
    static void print(Throwable t, List<Attempt> attempts, PrintStream err, int verbosity) {
        if (t instanceof G4jException g && g.kind() == ErrorKind.CANCELLED) {
            err.println("g4j: interrupted");
        } else if (t instanceof G4jException g) {
            List<Attempt> tried = g instanceof AllProvidersFailedException all ? all.attempts() : attempts;
            if (tried.size() > 1 || g instanceof AllProvidersFailedException) {
                err.println("g4j: " + (g instanceof AllProvidersFailedException
                        ? "all " + tried.size() + " providers failed:"
                        : headline(g) + "; providers tried:"));
                printAttempts(tried, err);
            } else {
                err.println("g4j: " + headline(g));
            }
        } else if (t instanceof UsageException u) {
            err.println("g4j: " + u.getMessage());
        } else if (t instanceof UncheckedIOException u) {
            err.println("g4j: " + u.getMessage());
        } else {
            err.println("g4j: unexpected failure: " + t + (verbosity == 0 ? " (run with -v for details)" : ""));
        }
        if (verbosity > 0 && !(t instanceof UsageException)) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
    }

    /** {@code Provider: message (kind)}, or {@code message (kind)} when no provider is known. */
    static String headline(G4jException g) {
        return g.describe() + " (" + g.kind().wireName() + ")";
    }

    static void printAttempts(List<Attempt> attempts, PrintStream err) {
        for (Attempt a : attempts) {
            String why = a.error().map(e -> e.kind().wireName() + ": " + e.getMessage()).orElse("no output");
            err.println("  - " + a.provider() + (a.model().isEmpty() ? "" : " (" + a.model() + ")") + ": " + why
                    + " [" + seconds(a.elapsed()) + "]");
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A mistake in the command line: exit 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
