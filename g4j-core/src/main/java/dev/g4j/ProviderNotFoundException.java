package dev.g4j;

import java.util.List;

/** A provider name that is not registered. The message lists the known names. */
public class ProviderNotFoundException extends G4jException {
    private static final long serialVersionUID = 1L;

    private final List<String> available;

    public ProviderNotFoundException(String name, List<String> available) {
        super(
                ErrorKind.PROVIDER_NOT_FOUND,
                "provider not found: '" + name + "'; available: " + String.join(", ", available));
        this.available = List.copyOf(available);
    }

    /** Constructor for "no provider can serve this" situations with a message of their own. */
    public ProviderNotFoundException(String message) {
        super(ErrorKind.PROVIDER_NOT_FOUND, message);
        this.available = List.of();
    }

    public List<String> available() {
        return available;
    }
}
