package dev.g4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.G4j;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.http.Json;
import dev.g4j.http.Redaction;
import dev.g4j.spi.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code g4j providers}: what every provider is and can do; {@code providers check} probes them live. */
@Command(
        name = "providers",
        separator = " ",
        description = "List the providers: whether they work, need a key, stream, see images, draw, and their "
                + "default models.",
        subcommands = CheckCommand.class)
final class ProvidersCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions globals;

    @Option(names = "--json", description = "Print a JSON array (with every option and where its value comes from).")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Cli cli;

    ProvidersCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        GlobalOptions.Settings settings = GlobalOptions.merged(spec);
        try (G4j g4j = cli.client(settings, Optional.empty())) {
            if (json) {
                ArrayNode all = Json.MAPPER.createArrayNode();
                for (ProviderInfo p : g4j.providers()) {
                    all.add(toJson(p, g4j.options(p.name())));
                }
                cli.io.out().println(all.toPrettyString());
                cli.io.out().flush();
                return Errors.OK;
            }
            Table t = new Table("NAME", "WORKING", "AUTH", "STREAMING", "VISION", "IMAGE", "DEFAULT MODELS");
            for (ProviderInfo p : g4j.providers()) {
                t.row(p.name(), Table.yesNo(p.working()), p.needsAuth() ? "key" : "no", Table.yesNo(p.supportsStream()),
                        Table.yesNo(p.supportsVision()), Table.yesNo(p.supportsImages()), defaults(p.models()));
            }
            t.print(cli.io.out());
            return Errors.OK;
        }
    }

    /** {@code text-model, image: x, vision: y}; {@code (listed by the service)} when the catalog is fetched. */
    static String defaults(ModelCatalog c) {
        List<String> parts = new ArrayList<>();
        c.defaultModel().ifPresent(parts::add);
        c.defaultImageModel().ifPresent(m -> parts.add("image: " + m));
        c.defaultVisionModel().filter(m -> !c.defaultModel().equals(Optional.of(m)))
                .ifPresent(m -> parts.add("vision: " + m));
        if (parts.isEmpty()) {
            return c.hasRemote() ? "(listed by the service)" : "-";
        }
        return String.join(", ", parts);
    }

    static ObjectNode toJson(ProviderInfo p, Options resolved) {
        ObjectNode o = Json.MAPPER.createObjectNode()
                .put("name", p.name())
                .put("label", p.label())
                .put("url", p.url());
        p.loginUrl().ifPresentOrElse(u -> o.put("login_url", u), () -> o.putNull("login_url"));
        o.put("working", p.working())
                .put("needs_auth", p.needsAuth())
                .put("supports_stream", p.supportsStream())
                .put("supports_system_message", p.supportsSystemMessage())
                .put("supports_message_history", p.supportsMessageHistory())
                .put("vision", p.supportsVision())
                .put("image", p.supportsImages());
        ModelCatalog c = p.models();
        o.put("default_model", c.defaultModel().orElse(null))
                .put("default_image_model", c.defaultImageModel().orElse(null))
                .put("default_vision_model", c.defaultVisionModel().orElse(null));
        ArrayNode models = o.putArray("models");
        c.all().forEach(models::add);
        ArrayNode options = o.putArray("options");
        for (ProviderOption opt : p.options()) {
            ObjectNode n = options.addObject().put("name", opt.name())
                    .put("description", opt.description())
                    .put("default", opt.defaultValue().orElse(null))
                    .put("required", opt.required())
                    .put("secret", opt.secret())
                    .put("env", Options.envName(p.name(), opt.name()));
            Optional<String> value = resolved.find(opt.name());
            n.put("set", value.isPresent());
            if (value.isPresent() && !opt.secret()) {
                n.put("value", Redaction.url(value.get())); // a proxy's or a URL's credentials are secrets too
            }
            resolved.source(opt.name()).ifPresent(s -> n.put("source", s));
        }
        return o;
    }
}
