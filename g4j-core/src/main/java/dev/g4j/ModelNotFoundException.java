package dev.g4j;

import java.util.List;

/** A model name no provider (or not the chosen provider) knows. The message lists what is available. */
public class ModelNotFoundException extends G4jException {
    private static final long serialVersionUID = 1L;
    private static final int LISTED = 40;

    private final String model;
    private final List<String> available;

    public ModelNotFoundException(String model, List<String> available, String provider) {
        super(ErrorKind.MODEL_NOT_FOUND, message(model, available), provider, 0, null, null);
        this.model = model;
        this.available = List.copyOf(available);
    }

    public String model() {
        return model;
    }

    /** Every model and alias that would have been accepted. */
    public List<String> available() {
        return available;
    }

    private static String message(String model, List<String> available) {
        StringBuilder sb = new StringBuilder("model not found: '").append(model).append("'; available: ");
        if (available.isEmpty()) {
            return sb.append("none").toString();
        }
        sb.append(String.join(", ", available.subList(0, Math.min(LISTED, available.size()))));
        if (available.size() > LISTED) {
            sb.append(", ... (").append(available.size() - LISTED).append(" more)");
        }
        return sb.toString();
    }
}
