package dev.g4j.providers.dynaspark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.Task;
import dev.g4j.spi.Options;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dynaspark's description and endpoint, without network. */
class DynasparkTest {
    private final ProviderInfo info = new Dynaspark().info();

    private Options options(Map<String, String> values) {
        Map<String, Options.Value> v = new java.util.HashMap<>();
        values.forEach((k, s) -> v.put(k, new Options.Value(s, "test")));
        info.options().forEach(o -> o.defaultValue().ifPresent(d -> v.putIfAbsent(o.name(), new Options.Value(d, "default"))));
        return new Options(info.name(), info.options(), v);
    }

    @Test
    void isWorkingNeedsNoKeyAndDeclaresBaseUrlAndPath() {
        assertThat(info.name()).isEqualTo("Dynaspark");
        assertThat(info.working()).isTrue();
        assertThat(info.needsAuth()).isFalse();
        assertThat(info.supportsVision()).isTrue();
        assertThat(info.options()).extracting(ProviderOption::name).containsExactly("base_url", "path", "proxy", "timeout");
        assertThat(info.option("base_url").flatMap(ProviderOption::defaultValue)).hasValue("https://dynaspark.onrender.com");
        assertThat(info.option("path").flatMap(ProviderOption::defaultValue)).hasValue("/dsai_fuck_u_spammer");
    }

    @Test
    void everyModelTakesImagesAndEveryAliasReachesADistinctModel() {
        ModelCatalog models = info.models();
        assertThat(models.textModels()).containsExactly(
                "gemini-1.5-flash", "gemini-1.5-flash-8b", "gemini-2.0-flash", "gemini-2.0-flash-lite");
        assertThat(models.visionModels()).containsExactlyElementsOf(models.textModels());
        for (String model : models.textModels()) {
            assertThat(models.resolve(model, Task.CHAT, false, "Dynaspark")).as("a listed name is itself").isEqualTo(model);
        }
        assertThat(models.aliases().values()).doesNotHaveDuplicates().allSatisfy(t -> assertThat(models.textModels()).contains(t));
        assertThat(models.resolve("", Task.CHAT, true, "Dynaspark")).isEqualTo("gemini-1.5-flash");
    }

    @Test
    void theEndpointJoinsBaseUrlAndPath() {
        assertThat(Dynaspark.endpoint(options(Map.of()))).isEqualTo("https://dynaspark.onrender.com/dsai_fuck_u_spammer");
        assertThat(Dynaspark.endpoint(options(Map.of("base_url", "http://127.0.0.1:9/", "path", "generate_response"))))
                .isEqualTo("http://127.0.0.1:9/generate_response");
    }
}
