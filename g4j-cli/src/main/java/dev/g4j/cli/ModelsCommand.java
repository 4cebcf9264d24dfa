package dev.g4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.G4j;
import dev.g4j.G4jException;
import dev.g4j.ModelEntry;
import dev.g4j.ProviderInfo;
import dev.g4j.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code g4j models}: every model and alias with what it does and who serves it. */
@Command(
        name = "models",
        separator = " ",
        description = "List the models (and aliases) and the providers that serve them. Providers that list "
                + "their models online are asked once.")
final class ModelsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions globals;

    @Option(names = {"-p", "--provider"}, paramLabel = "PROVIDER", description = "Only this provider's models.")
    String provider;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key, for a provider whose list needs one.")
    String apiKey;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Cli cli;

    ModelsCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        GlobalOptions.Settings settings = GlobalOptions.merged(spec);
        try (G4j g4j = cli.client(settings, RootCommand.apiKey(spec, apiKey))) {
            StatusLine status = StatusLine.of(cli.io);
            if (status.tty()) {
                status.status("fetching model lists...");
            }
            List<ModelEntry> models = provider == null ? g4j.models() : g4j.models(provider);
            status.clear();
            noteListsNotFetched(g4j);
            if (json) {
                ArrayNode all = Json.MAPPER.createArrayNode();
                for (ModelEntry m : models) {
                    ObjectNode o = all.addObject().put("name", m.name());
                    ArrayNode ps = o.putArray("providers");
                    m.providers().forEach(ps::add);
                    o.put("text", m.text()).put("image", m.image()).put("vision", m.vision())
                            .put("alias_of", m.aliasOf().orElse(null));
                }
                cli.io.out().println(all.toPrettyString());
                cli.io.out().flush();
                return Errors.OK;
            }
            Table t = new Table("MODEL", "TYPE", "PROVIDERS", "ALIAS OF");
            for (ModelEntry m : models) {
                t.row(m.name(), type(m), String.join(", ", m.providers()), m.aliasOf().orElse(""));
            }
            t.print(cli.io.out());
            return Errors.OK;
        }
    }

    /** A list that could not be fetched is listed as its built-in one: stderr says so, and why. */
    private void noteListsNotFetched(G4j g4j) {
        List<String> names = provider == null
                ? g4j.providers().stream().map(ProviderInfo::name).toList()
                : List.of(g4j.provider(provider).name());
        for (String name : names) {
            g4j.modelListFailure(name).ifPresent(e -> cli.io.err().println("g4j: " + name
                    + ": the model list could not be fetched, its built-in models are listed: "
                    + (e instanceof G4jException g ? Errors.headline(g) : e.getMessage())));
        }
        cli.io.err().flush();
    }

    static String type(ModelEntry m) {
        List<String> kinds = new ArrayList<>();
        if (m.text()) {
            kinds.add("text");
        }
        if (m.image()) {
            kinds.add("image");
        }
        if (m.vision()) {
            kinds.add("vision");
        }
        return kinds.isEmpty() ? "-" : String.join("+", kinds);
    }
}
