package dev.g4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionResolutionTest {
    private final FakeProvider p = new FakeProvider(FakeProvider.info("Deep-Infra")
            .option(ProviderOption.of("poll_interval", "5s", "how often"))
            .option(ProviderOption.apiKey("key"))
            .needsAuth(true)
            .build(), (r, ctx, out) -> out.text(ctx.options().require("base_url") + " "
                    + ctx.options().source("base_url").orElse("?")));

    private G4j client(Map<String, String> cli, Map<String, String> env, Optional<Path> file) {
        return G4j.builder().providers(List.of(p)).transport(Fakes.NO_NETWORK)
                .config(G4jConfig.builder().options(cli).environment(env).configFile(file).build()).build();
    }

    @Test
    void theCallWinsOverCommandLineEnvironmentFileAndDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("g4j.properties");
        Files.writeString(file, "deep-infra.base_url=http://file\npoll_interval=9s\n");
        Map<String, String> env = Map.of("G4J_DEEP_INFRA_BASE_URL", "http://env", "G4J_DEEP_INFRA_API_KEY", "k");
        try (G4j g4j = client(Map.of("Deep-Infra.base_url", "http://cli"), env, Optional.of(file))) {
            ChatRequest call = ChatRequest.builder().option("base_url", "http://call").addMessage(Message.user("x")).build();
            assertThat(g4j.chat().create(call).text()).isEqualTo("http://call call");
            assertThat(g4j.chat().create(ChatRequest.of("x")).text()).isEqualTo("http://cli command line");
        }
        try (G4j g4j = client(Map.of(), env, Optional.of(file))) {
            assertThat(g4j.chat().create(ChatRequest.of("x")).text()).isEqualTo("http://env env G4J_DEEP_INFRA_BASE_URL");
            assertThat(g4j.options("deep-infra").find("poll_interval")).contains("9s");
        }
        try (G4j g4j = client(Map.of(), Map.of("G4J_DEEP_INFRA_API_KEY", "k"), Optional.of(file))) {
            assertThat(g4j.chat().create(ChatRequest.of("x")).text()).isEqualTo("http://file config file");
        }
        try (G4j g4j = client(Map.of(), Map.of(), Optional.empty())) {
            assertThat(g4j.options("Deep-Infra").find("poll_interval")).contains("5s");
            assertThat(g4j.options("Deep-Infra").source("poll_interval")).contains("default");
        }
    }

    @Test
    void unqualifiedCommandLineOptionsApplyToEveryProvider() {
        try (G4j g4j = client(Map.of("base_url", "http://all", "api_key", "k"), Map.of(), Optional.empty())) {
            assertThat(g4j.chat().create(ChatRequest.of("x")).text()).isEqualTo("http://all command line");
        }
    }

    @Test
    void unknownOptionKeysAreReported() {
        try (G4j g4j = client(Map.of(), Map.of(), Optional.empty())) {
            assertThat(g4j.checkOptionKeys(List.of("Deep-Infra.base_url", "base_url", "proxy"))).isEmpty();
            // names resolve case-insensitively, so they are checked that way too
            assertThat(g4j.checkOptionKeys(List.of("DEEP-INFRA.BASE_URL", "Base_Url"))).isEmpty();
            assertThat(g4j.checkOptionKeys(List.of("Deep-Infra.nope", "Other.x", "nothing")))
                    .hasSize(3)
                    .anySatisfy(s -> assertThat(s).contains("has no option nope"))
                    .anySatisfy(s -> assertThat(s).contains("unknown provider"));
        }
    }

    @Test
    void aNamedProviderWithoutItsRequiredSettingsFailsClearlyBeforeFetchingItsModels() {
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        FakeProvider remote = new FakeProvider(ProviderInfo.builder("Remote")
                .models(ModelCatalog.builder().remote(ctx -> {
                    fetches.incrementAndGet();
                    return new dev.g4j.spi.ModelList(List.of("m"), List.of(), List.of());
                }).build())
                .option(ProviderOption.required("base_url", "where"))
                .build(), FakeProvider.says("hi"));
        try (G4j g4j = G4j.builder().providers(List.of(remote, p)).transport(Fakes.NO_NETWORK)
                .config(G4jConfig.builder().configFile(Optional.empty()).build()).build()) {
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.builder().provider("Remote")
                    .addMessage(Message.user("x")).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("the option base_url is needed").hasMessageContaining("G4J_REMOTE_BASE_URL");
            assertThatThrownBy(() -> g4j.chat().create(ChatRequest.builder().provider("Deep-Infra")
                    .model("unknown-model").addMessage(Message.user("x")).build()))
                    .isInstanceOf(MissingAuthException.class)
                    .hasMessageContaining("G4J_DEEP_INFRA_API_KEY");
            assertThat(fetches).hasValue(0);
            assertThat(remote.calls).hasValue(0);
        }
    }
}
