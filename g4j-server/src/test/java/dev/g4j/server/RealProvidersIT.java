package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.g4j.G4j;
import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.Fault;
import dev.g4j.testkit.OpenAiSimulator;
import dev.g4j.testkit.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server over the REAL providers found by ServiceLoader ({@code OpenAICompatible}, {@code DeepInfra})
 * pointed at the testkit's {@code OpenAiSimulator} through their {@code base_url} and {@code api_key}
 * options (DeepInfra's base URL is the service root; it adds {@code /v1/openai} itself).
 */
class RealProvidersIT {
    static final String UPSTREAM_KEY = "sk-simulated-upstream";
    static OpenAiSimulator openAi;
    static OpenAiSimulator deepInfra;
    static G4j g4j;
    static G4jServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        openAi = OpenAiSimulator.builder().apiKey(UPSTREAM_KEY).chunkDelay(Duration.ofMillis(5)).start();
        deepInfra = OpenAiSimulator.deepInfra().apiKey(UPSTREAM_KEY).start();
        g4j = G4j.builder().config(Harness.clientConfig()
                        .option("OpenAICompatible.base_url", openAi.baseUri().toString())
                        .option("OpenAICompatible.api_key", UPSTREAM_KEY)
                        .option("DeepInfra.base_url", deepInfra.uri().toString())
                        .option("DeepInfra.api_key", UPSTREAM_KEY)
                        .build())
                .build(); // every provider on the class path
        server = G4jServer.builder().client(g4j).port(0).apiKey(Harness.SERVER_KEY).build().start();
        client = OpenAIOkHttpClient.builder().baseUrl(server.baseUri().toString()).apiKey(Harness.SERVER_KEY)
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        g4j.close();
        openAi.close();
        deepInfra.close();
    }

    static ChatCompletionCreateParams.Builder chat(String provider) {
        return ChatCompletionCreateParams.builder().model("g4j-sim-model").addUserMessage("Hi")
                .putAdditionalBodyProperty("provider", JsonValue.from(provider));
    }

    @Test
    void chatsThroughOpenAiCompatibleWithAndWithoutStreaming() {
        var c = client.chat().completions().create(chat("OpenAICompatible").build());
        assertThat(c.choices().getFirst().message().content()).hasValue("Hello from the simulator.");
        List<String> deltas = new ArrayList<>();
        var usage = new ArrayList<Long>();
        try (var s = client.chat().completions().createStreaming(chat("OpenAICompatible")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(ch -> {
                ch.choices().forEach(x -> x.delta().content().ifPresent(deltas::add));
                ch.usage().ifPresent(u -> usage.add(u.totalTokens()));
            });
        }
        assertThat(String.join("", deltas)).isEqualTo("Hello from the simulator.");
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(usage).hasSize(1);
        assertThat(openAi.requests()).allSatisfy(r ->
                assertThat(r.header("Authorization")).hasValue("Bearer " + UPSTREAM_KEY));
    }

    @Test
    void chatsThroughDeepInfra() {
        var c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("DeepInfra/meta-llama/Meta-Llama-3.1-70B-Instruct").addUserMessage("Hi").build());
        assertThat(c.choices().getFirst().message().content()).isPresent();
    }

    @Test
    void mapsUpstreamFaultsToTheSdksExceptions() {
        openAi.failNextChat(Fault.respond(Response.json(429, "{\"error\":{\"message\":\"busy\"}}")
                .header("Retry-After", "3")));
        var e = catchThrowableOfType(RateLimitException.class,
                () -> client.chat().completions().create(chat("OpenAICompatible").build()));
        assertThat(e.headers().values("retry-after")).containsExactly("3");

        openAi.failNextChat(Fault.cutAfterChunks(3));
        catchThrowableOfType(SseException.class, () -> {
            try (var s = client.chat().completions().createStreaming(chat("OpenAICompatible").build())) {
                s.stream().forEach(x -> { });
            }
        });
    }

    @Test
    void aClientLeavingMidStreamMakesTheUpstreamSeeG4jHangUp() throws Exception {
        String[] words = new String[200];
        java.util.Arrays.fill(words, "w ");
        openAi.enqueueReplies(ChatReply.text(words));
        try (var s = client.chat().completions().createStreaming(chat("OpenAICompatible").build())) {
            Iterator<?> it = s.stream().iterator();
            for (int i = 0; i < 5 && it.hasNext(); i++) {
                it.next();
            }
        }
        assertThat(openAi.loopback().awaitClientDisconnect(Duration.ofSeconds(2))).isTrue();
    }
}
