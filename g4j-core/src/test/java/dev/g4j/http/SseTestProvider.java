package dev.g4j.http;

import dev.g4j.ChatRequest;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;
import java.io.InputStream;

/**
 * A test-only provider over real HTTP: GETs {@code base_url}, checks the status, and emits each SSE
 * data payload as a text delta until {@code [DONE]}. A stream that ends without {@code [DONE]} is
 * truncated.
 */
final class SseTestProvider implements Provider {
    private static final ProviderInfo INFO = ProviderInfo.builder("SseTest")
            .models(ModelCatalog.builder().defaultModel("sse").build())
            .option(ProviderOption.optional(ProviderOption.BASE_URL, "where to GET the stream"))
            .build();

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws Exception {
        HttpRequest req = HttpRequest.get(ctx.options().require(ProviderOption.BASE_URL))
                .header("Accept", "text/event-stream").build();
        try (HttpResponse response = ctx.http().send(req)) {
            HttpErrors.check(response, ctx.provider());
            try (InputStream in = response.body(); SseReader sse = new SseReader(in)) {
                for (SseEvent e; (e = sse.next()) != null; ) {
                    if (e.isDone()) {
                        out.finish("stop");
                        return;
                    }
                    out.text(e.data());
                }
            }
        }
        throw dev.g4j.MalformedResponseException.truncated("stream ended before [DONE]");
    }
}
