package dev.g4j.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The states successive polls of one prediction show. The last state repeats for every later poll.
 *
 * @param states the states, in poll order (at least one)
 */
public record PredictionScript(List<PollState> states) {

    /** Validates and copies. */
    public PredictionScript {
        states = List.copyOf(states);
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a prediction script needs at least one state");
        }
    }

    /** These states in order. */
    public static PredictionScript of(PollState... states) {
        return new PredictionScript(List.of(states));
    }

    /** {@code starting}, {@code processing}, {@code succeeded} with one image URL. */
    public static PredictionScript image(String url) {
        return of(PollState.starting(), PollState.processing(), PollState.succeededUrls(url));
    }

    /**
     * A language model: {@code processing} polls whose token list grows in {@code processingPolls} even
     * steps, then {@code succeeded} with every token.
     */
    public static PredictionScript text(List<String> tokens, int processingPolls) {
        List<PollState> states = new ArrayList<>();
        for (int i = 1; i <= processingPolls; i++) {
            states.add(PollState.processingTokens(tokens.subList(0, tokens.size() * i / (processingPolls + 1))));
        }
        states.add(PollState.succeededTokens(tokens));
        return new PredictionScript(states);
    }

    /** The state shown by poll number {@code poll} (from 0). */
    public PollState state(int poll) {
        return states.get(Math.min(poll, states.size() - 1));
    }
}
