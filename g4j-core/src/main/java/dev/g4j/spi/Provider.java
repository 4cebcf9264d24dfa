package dev.g4j.spi;

import dev.g4j.ChatRequest;
import dev.g4j.ProviderInfo;

/**
 * A service g4j can talk to. Implementations are small final classes found by
 * {@link java.util.ServiceLoader}; they hold no mutable state, create no HTTP clients or threads, and get
 * everything per call from the {@link CallContext}.
 *
 * <p>{@link #generate} is straight-line blocking code that follows the service's protocol step by step
 * and calls {@link Emitter#emit} as results arrive. The runtime runs it on a virtual thread, enforces
 * the timeouts, and interrupts it (aborting its HTTP exchanges) when the consumer closes the stream.
 * It receives the request with its model already resolved through {@link ProviderInfo#models()}.
 * Failures are thrown: {@link dev.g4j.G4jException}s as they are, I/O errors as connection failures.
 */
public interface Provider {

    ProviderInfo info();

    void generate(ChatRequest request, CallContext ctx, Emitter out) throws Exception;
}
