package dev.g4j;

import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A test-only provider whose behaviour is a script; records the requests and contexts it got. */
final class FakeProvider implements Provider {
    interface Script {
        void run(ChatRequest request, CallContext ctx, Emitter out) throws Exception;
    }

    private final ProviderInfo info;
    private final Script script;
    final AtomicInteger calls = new AtomicInteger();
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    final List<CallContext> contexts = new CopyOnWriteArrayList<>();

    FakeProvider(ProviderInfo info, Script script) {
        this.info = info;
        this.script = script;
    }

    static FakeProvider of(String name, Script script) {
        return new FakeProvider(info(name).build(), script);
    }

    static ProviderInfo.Builder info(String name) {
        return ProviderInfo.builder(name)
                .url("https://" + name.toLowerCase() + ".test")
                .models(ModelCatalog.builder()
                        .defaultModel(name.toLowerCase() + "-model")
                        .textModels(name.toLowerCase() + "-model", "shared-model")
                        .alias("short", name.toLowerCase() + "-model")
                        .build())
                .option(ProviderOption.optional("base_url", "where"));
    }

    /** Emits the words as text deltas, then finishes with "stop". */
    static Script says(String... words) {
        return (req, ctx, out) -> {
            for (String w : words) {
                out.text(w);
            }
            out.finish("stop");
        };
    }

    static Script fails(G4jException e) {
        return (req, ctx, out) -> {
            throw e;
        };
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws Exception {
        calls.incrementAndGet();
        requests.add(request);
        contexts.add(ctx);
        script.run(request, ctx, out);
    }
}
