package dev.g4j.cli;

import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Input of the interactive session: the whole line is the prompt (no shell-like words or quotes, so an
 * apostrophe never leaves the line open). It continues on the next line after a trailing {@code \},
 * and from a line {@code """} to the next such line.
 */
final class PromptParser implements Parser {
    private static final String FENCE = "\"\"\"";

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && incomplete(line)) {
            throw new EOFError(-1, cursor, "the prompt continues", "prompt");
        }
        return new Whole(line, cursor);
    }

    static boolean incomplete(String line) {
        return fences(line) % 2 == 1 || (line.endsWith("\\") && !line.endsWith("\\\\"));
    }

    /** The prompt a finished input stands for: continuations joined, fence lines removed. */
    static String text(String line) {
        StringBuilder sb = new StringBuilder();
        for (String l : line.split("\n", -1)) {
            if (l.strip().equals(FENCE)) {
                continue;
            }
            if (l.endsWith("\\") && !l.endsWith("\\\\")) {
                sb.append(l, 0, l.length() - 1).append('\n');
            } else {
                sb.append(l).append('\n');
            }
        }
        return sb.isEmpty() ? "" : sb.substring(0, sb.length() - 1);
    }

    private static long fences(String line) {
        return line.lines().filter(l -> l.strip().equals(FENCE)).count();
    }

    /** The line as one word. */
    private record Whole(String line, int cursor) implements CompletingParsedLine {
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return cursor;
        }

        @Override
        public int rawWordLength() {
            return line.length();
        }

        @Override
        public String word() {
            return line;
        }

        @Override
        public int wordCursor() {
            return cursor;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(line);
        }
    }
}
