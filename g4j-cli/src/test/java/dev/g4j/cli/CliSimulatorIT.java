package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.http.Json;
import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.DynasparkSimulator;
import dev.g4j.testkit.Fault;
import dev.g4j.testkit.GradioMessage;
import dev.g4j.testkit.GradioScript;
import dev.g4j.testkit.GradioSimulator;
import dev.g4j.testkit.LoopbackServer;
import dev.g4j.testkit.OpenAiSimulator;
import dev.g4j.testkit.PredictionScript;
import dev.g4j.testkit.RecordedRequest;
import dev.g4j.testkit.ReplicateSimulator;
import dev.g4j.testkit.Response;
import dev.g4j.testkit.Router;
import dev.g4j.testkit.UpstreamFault;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI through the real providers against the testkit simulators, pointed at them with the
 * documented environment overrides ({@code G4J_<PROVIDER>_<OPTION>}). Needs the providers (not the
 * stubs): run by `./mvnw verify` (failsafe).
 */
class CliSimulatorIT {
    private static final String DI_KEY = "di-test-key";

    private static Harness deepInfra(OpenAiSimulator api) {
        return Harness.classPath()
                .env("G4J_DEEPINFRA_BASE_URL", api.uri().toString())
                .env("G4J_DEEPINFRA_API_KEY", DI_KEY);
    }

    @Test
    void deepInfraTextStreamsToStdoutByteForByte() throws Exception {
        try (OpenAiSimulator api = OpenAiSimulator.deepInfra().apiKey(DI_KEY)
                .reply(ChatReply.text("Hel", "lo, ", "wörld ✓").withUsage(5, 3))
                .chunkDelay(Duration.ofMillis(10)).start()) {
            Harness.Result r = deepInfra(api).run("chat", "-p", "DeepInfra", "Hello");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.stdoutBytes()).isEqualTo("Hello, wörld ✓".getBytes(StandardCharsets.UTF_8));
            RecordedRequest sent = api.takeRequest(Duration.ofSeconds(1)).orElseThrow();
            assertThat(sent.header("Authorization")).hasValue("Bearer " + DI_KEY);
            assertThat(sent.bodyJson().get("stream").asBoolean()).isTrue();
        }
    }

    @Test
    void deepInfraJsonLinesParseAndCarryUsage() throws Exception {
        try (OpenAiSimulator api = OpenAiSimulator.deepInfra().apiKey(DI_KEY)
                .reply(ChatReply.text("4").withReasoning("2+2").withUsage(31, 2, 1.273e-05)).start()) {
            Harness.Result r = deepInfra(api).run("chat", "--json", "-p", "DeepInfra", "2+2?");

            assertThat(r.exit()).as(r.toString()).isZero();
            List<JsonNode> lines = r.stdout().lines().map(Json::parse).toList();
            assertThat(lines).extracting(n -> n.get("type").asText()).contains("reasoning", "text", "usage", "finished");
            assertThat(lines.getLast().get("type").asText()).isEqualTo("finished");
        }
    }

    @Test
    void deepInfraWithoutAKeyEndsWithFour() throws Exception {
        try (OpenAiSimulator api = OpenAiSimulator.deepInfra().apiKey(DI_KEY).start()) {
            Harness.Result r = Harness.classPath().env("G4J_DEEPINFRA_BASE_URL", api.uri().toString())
                    .run("chat", "-p", "DeepInfra", "Hello");

            assertThat(r.exit()).as(r.toString()).isEqualTo(4);
            assertThat(r.stderr()).contains("DeepInfra").contains("G4J_DEEPINFRA_API_KEY");
            assertThat(api.requests()).isEmpty();
        }
    }

    @Test
    void anUpstreamErrorEndsWithFive() throws Exception {
        try (OpenAiSimulator api = OpenAiSimulator.deepInfra().apiKey(DI_KEY).start()) {
            api.failNextChat(Fault.status(500, "{\"error\":{\"message\":\"internal trouble\"}}"));
            Harness.Result r = deepInfra(api).run("chat", "-p", "DeepInfra", "Hello");

            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(r.stderr()).contains("DeepInfra").contains("internal trouble");
            assertThat(r.stdout()).isEmpty();
        }
    }

    @Test
    void anUnknownModelEndsWithThree() throws Exception {
        try (OpenAiSimulator api = OpenAiSimulator.deepInfra().apiKey(DI_KEY).start()) {
            Harness.Result r = deepInfra(api).run("chat", "-p", "DeepInfra", "-m", "no/such-model", "Hello");

            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        }
    }

    @Test
    void aModelListThatCannotBeFetchedIsSaidOnStderrBesideTheBuiltInList() {
        URI refused = UpstreamFault.refusedUri();
        Harness.Result r = Harness.classPath().env("G4J_OPENAICOMPATIBLE_BASE_URL", refused.toString())
                .run("models", "-p", "OpenAICompatible");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("MODEL  TYPE  PROVIDERS  ALIAS OF\n");
        assertThat(r.stderr()).isEqualTo("g4j: OpenAICompatible: the model list could not be fetched, its built-in "
                + "models are listed: OpenAICompatible: cannot connect to 127.0.0.1:" + refused.getPort()
                + ": Connection refused (connection_failed)\n");
    }

    @Test
    void dynasparkAnswersOnStdout() throws Exception {
        try (DynasparkSimulator sim = DynasparkSimulator.builder().defaultAnswer("Hi from Dynaspark").start()) {
            Harness.Result r = Harness.classPath().env("G4J_DYNASPARK_BASE_URL", sim.uri().toString())
                    .run("chat", "-p", "Dynaspark", "Hello");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo("Hi from Dynaspark");
        }
    }

    @Test
    void janusContinuesTheSameRemoteSessionInTheInteractiveSession() throws Exception {
        try (GradioSimulator space = GradioSimulator.builder().start()) {
            space.enqueueScripts(GradioScript.textAnswer("first answer"), GradioScript.textAnswer("second answer"));
            Harness.Result r = janus(Harness.classPath(), space).tty(true, false, false)
                    .stdin("What is this?\nAnd then?\n").run("chat", "-p", "DeepseekAI_JanusPro7b");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo("first answersecond answer");
            assertThat(space.joins()).hasSize(2);
            assertThat(space.sessions()).hasSize(1);
        }
    }

    @Test
    void janusImagesShowProgressAndAreSavedWithTheServedBytes(@TempDir Path dir) throws Exception {
        try (LoopbackServer cdn = LoopbackServer.start(Router.create()
                        .get("/file/cat.png", Response.of(200).header("Content-Type", "image/png")
                                .body(ImageCommandTest.PNG)));
                GradioSimulator space = GradioSimulator.builder().start()) {
            space.enqueueScripts(GradioScript.of(GradioMessage.estimation(0, 1, 3.0), GradioMessage.processStarts(3.0),
                    GradioMessage.progress(1, 4, "steps", "denoising"), GradioMessage.progress(4, 4, "steps", "denoising"),
                    GradioMessage.completedGallery(List.of(cdn.uri("/file/cat.png").toString()))));
            Harness.Result r = janus(Harness.classPath(), space).workingDir(dir)
                    .run("image", "-p", "DeepseekAI_JanusPro7b", "-o", "out/", "a", "cat");

            assertThat(r.exit()).as(r.toString()).isZero();
            Path saved = Path.of(r.stdout().strip());
            assertThat(Files.readAllBytes(saved)).isEqualTo(ImageCommandTest.PNG);
            assertThat(r.stderr()).contains("4/4");
        }
    }

    @Test
    void replicateImagesAreDownloadedWithTheServedBytes(@TempDir Path dir) throws Exception {
        try (LoopbackServer cdn = LoopbackServer.start(Router.create()
                        .get("/out.jpg", Response.of(200).header("Content-Type", "image/jpeg").body(ImageCommandTest.JPEG)));
                ReplicateSimulator sim = ReplicateSimulator.builder().start()) {
            sim.enqueueScripts(PredictionScript.image(cdn.uri("/out.jpg").toString()));
            Harness.Result r = Harness.classPath().env("G4J_REPLICATEHOME_BASE_URL", sim.uri().toString())
                    .env("G4J_REPLICATEHOME_POLL_INTERVAL", "10ms").workingDir(dir)
                    .run("image", "-p", "ReplicateHome", "-o", "fox.jpg", "a", "fox");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(Files.readAllBytes(dir.resolve("fox.jpg"))).isEqualTo(ImageCommandTest.JPEG);
        }
    }

    @Test
    void providersCheckTellsTheWorkingFromTheFailing() throws Exception {
        try (OpenAiSimulator api = OpenAiSimulator.deepInfra().apiKey(DI_KEY).reply(ChatReply.text("OK")).start();
                DynasparkSimulator dyna = DynasparkSimulator.builder().start()) {
            dyna.failNext(Fault.status(500, "<html>boom</html>"));
            Harness.Result r = deepInfra(api).env("G4J_DYNASPARK_BASE_URL", dyna.uri().toString())
                    .run("providers", "check", "-p", "DeepInfra", "-p", "Dynaspark", "--timeout", "10s");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.stdout()).containsPattern("DeepInfra +ok").containsPattern("Dynaspark +failed");
        }
    }

    @Test
    void withNoNetworkChatEndsWithinFifteenSecondsListingEveryProvider(@TempDir Path home) throws Exception {
        LauncherFixture g4j = LauncherFixture.prepare(home);
        String nowhere = "http://g4j-nowhere.invalid";
        Map<String, String> env = Map.of(
                "G4J_PROVIDER_PATH", "", // only the real providers: no scripted one to answer
                "G4J_DEEPSEEKAI_JANUSPRO7B_SPACE_URL", nowhere,
                "G4J_DEEPSEEKAI_JANUSPRO7B_HUB_URL", nowhere,
                "G4J_REPLICATEHOME_BASE_URL", nowhere,
                "G4J_DYNASPARK_BASE_URL", nowhere,
                "G4J_DEEPINFRA_BASE_URL", "http://10.255.255.1:9", // unroutable: a connect timeout
                "G4J_DEEPINFRA_API_KEY", "k");
        LauncherFixture.Run r = g4j.run(env, "", "chat", "Hello");

        assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.stderr()).contains("DeepseekAI_JanusPro7b").contains("Dynaspark")
                .contains("DeepInfra");
    }

    private static Harness janus(Harness h, GradioSimulator space) {
        return h.env("G4J_DEEPSEEKAI_JANUSPRO7B_SPACE_URL", space.uri().toString())
                .env("G4J_DEEPSEEKAI_JANUSPRO7B_HUB_URL", space.uri().toString());
    }
}
