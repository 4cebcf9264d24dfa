package dev.g4j.server;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.G4jException;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.ToolCall;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only provider whose behaviour is a script. It counts calls, keeps the last request, and
 * notices when the consumer cancelled it (interrupt, cancelled context, or a closed emitter).
 */
final class ScriptedProvider implements Provider {
    interface Script {
        void run(ChatRequest request, CallContext ctx, Emitter out) throws Exception;
    }

    private final ProviderInfo info;
    private volatile Script script;
    final AtomicInteger calls = new AtomicInteger();
    /** The last request (only the last: this provider also serves load runs). */
    private volatile ChatRequest last;
    /** Counted down once per call that ended because the consumer cancelled it. */
    volatile CountDownLatch cancelled = new CountDownLatch(1);
    /** Counted down once the script has emitted what it emits before waiting (see {@link #slow}). */
    volatile CountDownLatch started = new CountDownLatch(1);

    ScriptedProvider(ProviderInfo info, Script script) {
        this.info = info;
        this.script = script;
    }

    /** Text models {@code <name>-model} (default) and {@code shared-model}; vision {@code <name>-vision}; image {@code <name>-image}. */
    static ScriptedProvider of(String name, Script script) {
        String n = name.toLowerCase(Locale.ROOT);
        return new ScriptedProvider(ProviderInfo.builder(name)
                .url("https://" + n + ".test")
                .models(ModelCatalog.builder()
                        .defaultModel(n + "-model")
                        .defaultVisionModel(n + "-vision")
                        .defaultImageModel(n + "-image")
                        .textModels(n + "-model", "shared-model", n + "-vision")
                        .visionModels(n + "-vision")
                        .imageModels(n + "-image")
                        .alias("short-" + n, n + "-model")
                        .build())
                .option(ProviderOption.optional("base_url", "where"))
                .build(), script);
    }

    void script(Script s) {
        this.script = s;
    }

    ChatRequest lastRequest() {
        return last;
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws Exception {
        calls.incrementAndGet();
        last = request;
        try {
            script.run(request, ctx, out);
        } catch (InterruptedException e) {
            cancelled.countDown();
            throw e;
        } catch (RuntimeException e) {
            if (ctx.cancellation().isCancelled() || Thread.currentThread().isInterrupted()) {
                cancelled.countDown();
            }
            throw e;
        }
    }

    static Script says(String... words) {
        return (req, ctx, out) -> {
            for (String w : words) {
                out.text(w);
            }
            out.emit(ChatEvent.Usage.of(7, words.length));
            out.finish("stop");
        };
    }

    static Script fails(G4jException e) {
        return (req, ctx, out) -> {
            throw e;
        };
    }

    static Script failsAfter(G4jException e, String... words) {
        return (req, ctx, out) -> {
            for (String w : words) {
                out.text(w);
            }
            throw e;
        };
    }

    static Script toolCall(String name, String args) {
        return (req, ctx, out) -> {
            out.emit(new ChatEvent.ToolCalls(List.of(ToolCall.function("call_1", name, args))));
            out.finish("tool_calls");
        };
    }

    static Script image(String url) {
        return (req, ctx, out) -> {
            out.status("Generating...");
            out.emit(new ChatEvent.ImageOutput(List.of(url), req.imagePrompt().orElse("")));
            out.finish("stop");
        };
    }

    /**
     * Emits {@code before} as text, signals {@link #started}, then emits a word every {@code every} until
     * cancelled (a long, slow answer).
     */
    Script slow(Duration every, String... before) {
        return (req, ctx, out) -> {
            for (String w : before) {
                out.text(w);
            }
            started.countDown();
            for (int i = 0; i < 100_000; i++) {
                Thread.sleep(every.toMillis());
                out.text(" more");
            }
            out.finish("stop");
        };
    }

    /** Says nothing at all, until cancelled (a provider thinking for a long time). */
    Script silent() {
        return (req, ctx, out) -> {
            started.countDown();
            Thread.sleep(Duration.ofMinutes(5));
            out.finish("stop");
        };
    }
}
