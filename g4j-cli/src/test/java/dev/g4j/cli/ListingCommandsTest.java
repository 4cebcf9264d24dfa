package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code providers}, {@code models}, {@code providers check} and {@code serve}. */
class ListingCommandsTest {
    private final ScriptedProvider talker = ScriptedProvider.of("Talker", ScriptedProvider.says("OK"));
    private final ScriptedProvider keyed = new ScriptedProvider(ProviderInfo.builder("Keyed").needsAuth(true)
            .supportsStream(false)
            .models(ModelCatalog.builder().defaultModel("k-1").textModels("k-1", "k-2").visionModels("k-2")
                    .defaultImageModel("k-draw").build())
            .option(ProviderOption.apiKey("the key")).build(), ScriptedProvider.says("OK"));
    private final ScriptedProvider broken = ScriptedProvider.of("Broken",
            ScriptedProvider.fails(new G4jException(ErrorKind.CLOUDFLARE, "a challenge page instead of JSON")));

    @Test
    void providersIsAnAlignedTable() {
        Harness.Result r = Harness.with(talker, keyed).run("providers");

        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("""
                NAME    WORKING  AUTH  STREAMING  VISION  IMAGE  DEFAULT MODELS
                Talker  yes      no    yes        no      yes    talker-model, image: talker-image
                Keyed   yes      key   no         yes     yes    k-1, image: k-draw
                """);
    }

    @Test
    void providersAsJsonShowOptionsAndTheirSourcesButNeverSecrets() {
        Harness.Result r = Harness.with(talker, keyed).env("G4J_KEYED_API_KEY", "secret-value")
                .run("--option", "Talker.base_url=http://127.0.0.1:1", "providers", "--json");

        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).doesNotContain("secret-value");
        JsonNode all = Json.parse(r.stdout());
        assertThat(all).hasSize(2);
        JsonNode t = all.get(0);
        assertThat(t.get("name").asText()).isEqualTo("Talker");
        assertThat(t.get("default_model").asText()).isEqualTo("talker-model");
        JsonNode baseUrl = option(t, "base_url");
        assertThat(baseUrl.get("value").asText()).isEqualTo("http://127.0.0.1:1");
        assertThat(baseUrl.get("source").asText()).isEqualTo("command line");
        assertThat(baseUrl.get("env").asText()).isEqualTo("G4J_TALKER_BASE_URL");
        JsonNode key = option(all.get(1), "api_key");
        assertThat(key.get("set").asBoolean()).isTrue();
        assertThat(key.has("value")).isFalse();
        assertThat(key.get("source").asText()).isEqualTo("env G4J_KEYED_API_KEY");
    }

    @Test
    void providersAsJsonMaskCredentialsInOptionValues() {
        Harness.Result r = Harness.with(talker)
                .run("--option", "Talker.base_url=http://me:pw-secret@127.0.0.1:1/v1?api_key=k-secret", "providers",
                        "--json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).doesNotContain("pw-secret").doesNotContain("k-secret");
        assertThat(option(Json.parse(r.stdout()).get(0), "base_url").get("value").asText())
                .isEqualTo("http://me:***@127.0.0.1:1/v1?api_key=***");
    }

    @Test
    void theConfigFileIsFoundUnderHomeAsTheShellSetsItAndBelowTheEnvironment(@TempDir Path home) throws Exception {
        Path file = home.resolve(".config/g4j/config.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "Talker.base_url=http://from-file.test\nKeyed.api_key=file-key\n");
        Harness.Result r = Harness.with(talker, keyed).env("HOME", home.toString())
                .env("G4J_KEYED_API_KEY", "env-key").run("providers", "--json");

        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode all = Json.parse(r.stdout());
        assertThat(option(all.get(0), "base_url").get("value").asText()).isEqualTo("http://from-file.test");
        assertThat(option(all.get(0), "base_url").get("source").asText()).isEqualTo("config file");
        assertThat(option(all.get(1), "api_key").get("source").asText()).isEqualTo("env G4J_KEYED_API_KEY");
    }

    @Test
    void g4jConfigNamesTheConfigFileRelativeToTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("my.properties"), "base_url=http://named.test\n");
        Harness.Result r = Harness.with(talker).workingDir(dir).env("G4J_CONFIG", "my.properties")
                .run("providers", "--json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(option(Json.parse(r.stdout()).get(0), "base_url").get("value").asText())
                .isEqualTo("http://named.test");
    }

    @Test
    void aConfigFileNamedByG4jConfigThatDoesNotExistIsAUsageError(@TempDir Path dir) {
        Harness.Result r = Harness.with(talker).workingDir(dir).env("G4J_CONFIG", "missing.properties")
                .run("providers");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("g4j: the config file " + dir.resolve("missing.properties")
                + " does not exist (invalid_request)\n");
    }

    @Test
    void modelsIsATableOfModelsAndAliasesWithTheirProviders() {
        Harness.Result r = Harness.with(talker, keyed).run("models");

        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).startsWith("MODEL         TYPE         PROVIDERS  ALIAS OF\n")
                .contains("talker-model  text         Talker\n")
                .contains("k-2           text+vision  Keyed\n")
                .contains("k-draw        image        Keyed\n")
                .contains("short         text         Talker     talker-model\n");
    }

    @Test
    void modelsOfOneProviderAsJson() {
        Harness.Result r = Harness.with(talker, keyed).run("models", "-p", "keyed", "--json");

        assertThat(r.exit()).isZero();
        JsonNode all = Json.parse(r.stdout());
        assertThat(all.findValuesAsText("name")).containsExactly("k-1", "k-2", "k-draw");
        assertThat(all.get(1).get("vision").asBoolean()).isTrue();
        assertThat(all.get(0).get("providers").get(0).asText()).isEqualTo("Keyed");
    }

    @Test
    void modelsOfAnUnknownProviderEndsWithThree() {
        Harness.Result r = Harness.with(talker).run("models", "-p", "Nope");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stderr()).contains("provider not found: 'Nope'");
    }

    @Test
    void checkProbesConcurrentlyAndTellsOkFailedAndSkipped() {
        Harness.Result r = Harness.with(talker, broken, keyed).run("providers", "check");

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.getFirst()).startsWith("PROVIDER  RESULT   LATENCY  DETAIL");
        assertThat(lines.get(1)).matches("Talker    ok       \\d+ ms +talker-model: \"OK\"");
        assertThat(lines.get(2)).matches("Broken    failed   \\d+ ms +cloudflare: a challenge page instead of JSON");
        assertThat(lines.get(3)).matches("Keyed     skipped  - +needs an API key \\(--api-key or G4J_KEYED_API_KEY\\)");
        assertThat(r.stderr()).contains("checking 3 providers");
        assertThat(talker.requests.getFirst().messages().getFirst().text()).isEqualTo(CheckCommand.PROMPT);
        assertThat(keyed.requests).isEmpty();
    }

    @Test
    void checkOfNamedProvidersWithAKeyAndADeadline() {
        ScriptedProvider slow = ScriptedProvider.of("Slow", (req, ctx, out) -> Thread.sleep(10_000));
        Harness.Result r = Harness.with(talker, keyed, slow)
                .run("providers", "check", "-p", "Keyed", "-p", "slow", "--api-key", "k", "--timeout", "300ms");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Keyed     ok").contains("Slow      failed").contains("timeout: ")
                .doesNotContain("Talker");
    }

    @Test
    void checkWithNothingWorkingEndsWithFive() {
        Harness.Result r = Harness.with(broken).run("providers", "check");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.stdout()).contains("Broken    failed");
    }

    @Test
    void serveSaysItIsNotAvailableAndEndsWithTwo() {
        Harness.Result r = Harness.with(talker).run("serve");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("not available in this build");
    }

    @Test
    void serveHandsItsOptionsAndTheConfiguredClientToTheRunner() {
        AtomicReference<ServerRunner.Settings> seen = new AtomicReference<>();
        AtomicReference<String> option = new AtomicReference<>();
        Harness.Result r = Harness.with(talker).server((client, settings, io, interrupts) -> {
            seen.set(settings);
            option.set(client.options("Talker").find("base_url").orElse("-"));
            return 0;
        }).run("serve", "--host", "0.0.0.0", "--port", "8080", "--api-key", "k1", "--api-key", "k2",
                "--option", "Talker.base_url=http://up.test", "-v");

        assertThat(r.exit()).isZero();
        assertThat(seen.get()).isEqualTo(new ServerRunner.Settings("0.0.0.0", 8080, List.of("k1", "k2"), 1));
        assertThat(option.get()).isEqualTo("http://up.test");
        assertThat(Harness.with(talker).run("serve", "--port", "70000").exit()).isEqualTo(2);
        assertThat(Harness.with(talker).run("serve", "--port", "x").exit()).isEqualTo(2);
    }

    @Test
    void theCheckTimeoutDefaultsToThirtySeconds() {
        assertThat(CheckCommand.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    }

    private static JsonNode option(JsonNode provider, String name) {
        for (JsonNode o : provider.get("options")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no option " + name);
    }
}
