package dev.g4j;

import dev.g4j.internal.Engine;

/** Chat completions: the whole answer, or a stream of events. */
public final class Chat {
    private final Engine engine;

    Chat(Engine engine) {
        this.engine = engine;
    }

    /** Runs the request to its end and returns the assembled answer. */
    public ChatCompletion create(ChatRequest request) {
        return stream(request).collect();
    }

    /**
     * Starts the request and returns its events as they arrive. Provider selection errors (unknown
     * provider or model, no usable provider) are thrown here; everything else from iteration.
     */
    public ChatStream stream(ChatRequest request) {
        return engine.stream(request);
    }
}
