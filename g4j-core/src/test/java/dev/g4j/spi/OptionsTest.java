package dev.g4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.InvalidRequestException;
import dev.g4j.MissingAuthException;
import dev.g4j.ProviderOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void parsesDurationsInEveryWrittenForm() {
        assertThat(Options.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Options.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Options.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Options.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Options.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Options.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> Options.parseDuration("5 parsecs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Options.parseDuration("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void environmentNamesUpperCaseAndReplaceNonAlphanumerics() {
        assertThat(Options.envName("DeepInfra", "base_url")).isEqualTo("G4J_DEEPINFRA_BASE_URL");
        assertThat(Options.envName("DeepseekAI_JanusPro7b", "api_key")).isEqualTo("G4J_DEEPSEEKAI_JANUSPRO7B_API_KEY");
        assertThat(Options.envName("a-b.c", "x.y")).isEqualTo("G4J_A_B_C_X_Y");
    }

    @Test
    void missingValuesFailWithAHowTo() {
        Options o = new Options("P", List.of(ProviderOption.apiKey("key"), ProviderOption.optional("base_url", "u")),
                Map.of());
        assertThatThrownBy(() -> o.require("api_key")).isInstanceOf(MissingAuthException.class)
                .hasMessageContaining("G4J_P_API_KEY").hasMessageContaining("--api-key");
        assertThatThrownBy(() -> o.require("base_url")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("G4J_P_BASE_URL");
        assertThatThrownBy(() -> o.find("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsNeverShowInToString() {
        Options o = new Options("P", List.of(ProviderOption.apiKey("key")),
                Map.of("api_key", new Options.Value("sk-secret-value", "env G4J_P_API_KEY")));
        assertThat(o.toString()).doesNotContain("sk-secret-value").contains("***");
        assertThat(o.require("api_key")).isEqualTo("sk-secret-value");
    }

    @Test
    void urlsLoseTrailingSlashes() {
        Options o = new Options("P", List.of(ProviderOption.optional("base_url", "u")),
                Map.of("base_url", new Options.Value("http://x/v1//", "call")));
        assertThat(o.url("base_url")).isEqualTo("http://x/v1");
    }
}
