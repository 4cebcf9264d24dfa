package dev.g4j.cli;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ConnectionException;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.MissingAuthException;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only provider whose behaviour is a script. In-process tests give it a lambda; the launcher
 * tests load it through ServiceLoader ({@code G4J_PROVIDER_PATH}) and give it a script in its
 * {@code script} option ({@code G4J_SCRIPTED_SCRIPT}): steps separated by {@code |} such as
 * {@code status:Queued|text:Hel|sleep:50|text:lo|fail:missing_auth:no key}.
 */
public final class ScriptedProvider implements Provider {
    @FunctionalInterface
    interface Script {
        void run(ChatRequest request, CallContext ctx, Emitter out) throws Exception;
    }

    private final ProviderInfo info;
    private final Script script;
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    /** For ServiceLoader: the provider {@code Scripted}, scripted by its {@code script} option. */
    public ScriptedProvider() {
        this(info("Scripted").build(), (r, ctx, out) -> play(ctx.options().find("script").orElse("text:OK"), out));
    }

    ScriptedProvider(ProviderInfo info, Script script) {
        this.info = info;
        this.script = script;
    }

    static ScriptedProvider of(String name, Script script) {
        return new ScriptedProvider(info(name).build(), script);
    }

    /** A text provider with default model {@code NAME-model}, an image model {@code NAME-image}, and a script option. */
    static ProviderInfo.Builder info(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ProviderInfo.builder(name)
                .url("https://" + lower + ".test")
                .models(ModelCatalog.builder()
                        .defaultModel(lower + "-model")
                        .defaultImageModel(lower + "-image")
                        .textModels(lower + "-model")
                        .imageModels(lower + "-image")
                        .alias("short", lower + "-model")
                        .build())
                .option(ProviderOption.optional("script", "what to do, for tests"))
                .option(ProviderOption.apiKey("a key, for tests"))
                .option(ProviderOption.optional("base_url", "where"));
    }

    static Script says(String... deltas) {
        return (r, ctx, out) -> {
            for (String d : deltas) {
                out.text(d);
            }
            out.finish("stop");
        };
    }

    static Script fails(G4jException e) {
        return (r, ctx, out) -> {
            throw e;
        };
    }

    /** Plays a {@code |}-separated script. */
    static void play(String script, Emitter out) throws InterruptedException {
        for (String step : script.split("\\|")) {
            int colon = step.indexOf(':');
            String verb = colon < 0 ? step : step.substring(0, colon);
            String arg = colon < 0 ? "" : step.substring(colon + 1);
            switch (verb) {
                case "text" -> out.text(arg);
                case "status" -> out.status(arg);
                case "sleep" -> Thread.sleep(Long.parseLong(arg));
                case "image" -> out.emit(new ChatEvent.ImageOutput(List.of(arg), "scripted"));
                case "finish" -> out.finish(arg);
                case "fail" -> {
                    int c = arg.indexOf(':');
                    throw error(arg.substring(0, c), arg.substring(c + 1));
                }
                default -> throw new IllegalArgumentException("unknown step " + step);
            }
        }
    }

    static G4jException error(String kind, String message) {
        return switch (kind) {
            case "missing_auth" -> new MissingAuthException(message);
            case "connection_failed" -> new ConnectionException(message);
            default -> new G4jException(ErrorKind.valueOf(kind.toUpperCase(Locale.ROOT)), message);
        };
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws Exception {
        requests.add(request);
        script.run(request, ctx, out);
    }
}
