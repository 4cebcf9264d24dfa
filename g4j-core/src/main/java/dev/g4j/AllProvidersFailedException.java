package dev.g4j;

import java.util.List;
import java.util.stream.Collectors;

/** Every provider of a fallback chain failed. Lists each attempt with its cause. */
public class AllProvidersFailedException extends G4jException {
    private static final long serialVersionUID = 1L;

    private final List<Attempt> attempts;

    public AllProvidersFailedException(List<Attempt> attempts) {
        super(ErrorKind.ALL_FAILED, message(attempts), null, 0, null, firstCause(attempts));
        this.attempts = List.copyOf(attempts);
    }

    /** Every provider tried, in order, each with its failure. */
    public List<Attempt> attempts() {
        return attempts;
    }

    private static String message(List<Attempt> attempts) {
        return "all " + attempts.size() + " providers failed: "
                + attempts.stream()
                        .map(a -> a.provider() + " (" + a.error().map(e -> e.kind().wireName() + ": " + e.getMessage())
                                .orElse("no output") + ")")
                        .collect(Collectors.joining("; "));
    }

    private static Throwable firstCause(List<Attempt> attempts) {
        return attempts.stream().flatMap(a -> a.error().stream()).findFirst().orElse(null);
    }
}
