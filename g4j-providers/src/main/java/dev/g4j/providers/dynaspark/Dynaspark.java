package dev.g4j.providers.dynaspark;

import dev.g4j.ChatRequest;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;

/** STUB: to be written. */
public final class Dynaspark implements Provider {
    private static final ProviderInfo INFO = ProviderInfo.builder("Dynaspark").working(false)
            .models(ModelCatalog.builder().defaultModel("stub").build()).build();

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) {
        throw new UnsupportedOperationException("Dynaspark is not written yet");
    }
}
