package dev.g4j.cli;

import dev.g4j.Attempt;
import dev.g4j.ChatEvent;
import java.util.List;

/** Where the events of an answer go: rendered for a person, or as JSON lines for a script. */
interface EventSink {

    /** One event, as it arrives; writes and flushes what it shows. */
    void accept(ChatEvent event, Turn turn);

    /**
     * The answer ended; finish the output's last line.
     *
     * @param ok whether it ended well (not interrupted, not failed)
     */
    void end(Turn turn, boolean ok);

    /** Tells a failure (after {@link #end}); {@code attempts} are the providers tried. */
    void failure(Throwable error, List<Attempt> attempts);

    /** What a sink may ask about the answer being written. */
    interface Turn {
        String provider();

        String model();

        int verbosity();
    }
}
