package dev.g4j.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Status words and progress on stderr. On a terminal: one line rewritten in place ({@code \r} and
 * erase-line), a drawn bar for measured progress, cleared before anything else is written. Otherwise:
 * plain lines, progress only at every tenth and at the end, so a log stays short.
 *
 * <p>When stdout and stderr are the same terminal, the line is suppressed once the answer's text has
 * started (rewriting it would tear the answer apart); {@link #pauseWhileAnswering} says so.
 */
final class StatusLine {
    private static final String CLEAR = "\r\u001b[K";
    private static final int BAR = 24;

    private final PrintStream err;
    private final boolean tty;
    private final int columns;
    private boolean shown;
    private boolean paused;
    private String lastPlain = "";
    private String lastLabel = "";
    private long lastTenth = -1;
    /** The terminal line's parts: the last drawn bar and the last status word, shown together. */
    private String bar = "";
    private String word = "";
    /** The bar's own words, {@code label} and {@code done/total}: a status made of them adds nothing. */
    private String barLabel = "";
    private String barCount = "";

    StatusLine(PrintStream err, boolean tty, int columns) {
        this.err = err;
        this.tty = tty;
        this.columns = Math.max(20, columns);
    }

    static StatusLine of(Io io) {
        return new StatusLine(io.err(), io.fancyErr(), io.columns());
    }

    boolean tty() {
        return tty;
    }

    /**
     * A status word; empty clears the line. On a terminal it stands beside the progress bar, which it
     * never hides; a word that only restates the bar ({@code denoising 3/4} beside the bar of
     * {@code denoising}, as Gradio spaces send both) is left out.
     */
    void status(String message) {
        String m = oneLine(message);
        if (!barCount.isEmpty() && m.startsWith(barLabel) && m.contains(barCount)) {
            return;
        }
        if (tty) {
            if (m.isEmpty()) {
                clear();
            } else {
                word = m;
                show(bar.isEmpty() ? word : bar + "  " + word);
            }
        } else if (!m.isEmpty() && !m.equals(lastPlain)) {
            lastPlain = m;
            err.println(m);
        }
    }

    /** Measured progress: a bar on a terminal, a line at every tenth otherwise. */
    void progress(String label, long done, long total) {
        String l = oneLine(label);
        barLabel = l;
        barCount = total > 0 ? Math.max(0, Math.min(done, total)) + "/" + total : "";
        if (tty) {
            bar = bar(l, done, total);
            word = "";
            show(bar);
            return;
        }
        long tenth = total > 0 ? Math.min(10, done * 10 / total) : -1;
        if (!l.equals(lastLabel) || tenth != lastTenth && total > 0) {
            lastLabel = l;
            lastTenth = tenth;
            err.println(bar(l, done, total).strip());
        }
    }

    /** Erases the line (before the answer or an error is written); what comes next starts a new one. */
    void clear() {
        bar = "";
        word = "";
        barLabel = "";
        barCount = "";
        if (shown) {
            err.print(CLEAR);
            err.flush();
            shown = false;
        }
    }

    /** Stops drawing until {@link #resume()}: the answer is being written on the same terminal. */
    void pauseWhileAnswering() {
        clear();
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /** A line for humans: printed above the status line, never erased. */
    void println(String line) {
        clear();
        err.println(line);
        err.flush();
    }

    private void show(String line) {
        if (paused) {
            return;
        }
        String fitted = line.length() >= columns ? line.substring(0, columns - 2) + "..." : line;
        err.print(CLEAR + fitted);
        err.flush();
        shown = true;
    }

    static String bar(String label, long done, long total) {
        StringBuilder sb = new StringBuilder();
        if (!label.isEmpty()) {
            sb.append(label).append(' ');
        }
        if (total > 0) {
            long d = Math.max(0, Math.min(done, total));
            int filled = (int) (d * BAR / total);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                    .append(d).append('/').append(total)
                    .append(String.format(Locale.ROOT, " %3d%%", d * 100 / total));
        } else {
            sb.append(done);
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ').strip();
    }
}
