package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./g4j} launcher as a user runs it, as a subprocess (see {@link LauncherFixture}). */
class LauncherIT {
    @TempDir
    static Path home;

    static LauncherFixture g4j;

    @BeforeAll
    static void prepare() throws Exception {
        g4j = LauncherFixture.prepare(home);
    }

    static LauncherFixture.Run run(Map<String, String> env, String stdin, String... args) throws Exception {
        return g4j.run(env, stdin, args);
    }

    @Test
    void versionPrintsOnStdoutAndEndsWithZero() throws Exception {
        LauncherFixture.Run r = run(Map.of(), "", "--version");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("g4j " + Version.number() + "\n");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void chatStreamsTheAnswerToStdoutByteForByteAndStatusToStderr() throws Exception {
        LauncherFixture.Run r = run(Map.of("G4J_SCRIPTED_SCRIPT", "status:Queued|text:Hel|sleep:20|text:lo, wörld ✓"), "",
                "chat", "-p", "Scripted", "Hello");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo("Hello, wörld ✓".getBytes(StandardCharsets.UTF_8));
        assertThat(r.stderr()).isEqualTo("Queued\n");
    }

    @Test
    void thePromptMayBePipedIn() throws Exception {
        LauncherFixture.Run r = run(Map.of("G4J_SCRIPTED_SCRIPT", "text:piped"), "What is 2+2?\n", "chat", "-p", "Scripted");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("piped");
    }

    @Test
    void exitCodesComeFromTheirCauses() throws Exception {
        assertThat(run(Map.of(), "", "chat", "--bogus", "x").exit()).isEqualTo(2);
        assertThat(run(Map.of(), "", "chat", "-p", "Nope", "x").exit()).isEqualTo(3);
        LauncherFixture.Run auth = run(Map.of("G4J_SCRIPTED_SCRIPT", "fail:missing_auth:Scripted needs a key"), "",
                "chat", "-p", "Scripted", "x");
        assertThat(auth.exit()).as(auth.toString()).isEqualTo(4);
        assertThat(auth.stderr()).isEqualTo("g4j: Scripted: Scripted needs a key (missing_auth)\n");
        LauncherFixture.Run upstream = run(Map.of("G4J_SCRIPTED_SCRIPT", "fail:bad_gateway:502 Bad Gateway"), "",
                "chat", "-p", "Scripted", "x");
        assertThat(upstream.exit()).as(upstream.toString()).isEqualTo(5);
        assertThat(upstream.stdout()).isEmpty();
    }

    @Test
    void ctrlCStopsTheAnswerAndEndsWith130() throws Exception {
        Process p = g4j.launcher(Map.of("G4J_SCRIPTED_SCRIPT", "text:partial|sleep:60000|text:never"),
                "chat", "-p", "Scripted", "x").start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(
                () -> new String(LauncherFixture.readAll(p.getErrorStream()), StandardCharsets.UTF_8));
        InputStream stdout = p.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        while (!seen.toString(StandardCharsets.UTF_8).contains("partial")) {
            int n = stdout.read(buf);
            assertThat(n).as("stdout ended early: " + seen).isPositive();
            seen.write(buf, 0, n);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("ended after SIGINT").isTrue();
        seen.write(stdout.readAllBytes());

        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(seen.toString(StandardCharsets.UTF_8)).isEqualTo("partial");
        assertThat(err.get()).contains("interrupted");
    }

    @Test
    void servingOnAPortInUseIsOneLineOnStderrWithoutAStackTrace() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            LauncherFixture.Run r = run(Map.of(), "", "serve", "--port", port);

            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).as(r.toString())
                    .isEqualTo("g4j: cannot serve: cannot listen on 127.0.0.1:" + port
                            + " (address in use or not allowed)\n");
            assertThat(r.stdout()).isEmpty();
        }
    }

    @Test
    void providersListsTheThirdPartyProviderBesideTheBuiltInOnes() throws Exception {
        LauncherFixture.Run r = run(Map.of(), "", "providers");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("NAME").contains("\nScripted ").contains("\nDeepInfra ");
    }

    @Test
    void aStaleBuildIsDetectedFromTheSourcesTimestamps() throws Exception {
        Path stamp = g4j.launcherDir.resolve("stamp");
        FileTime original = Files.getLastModifiedTime(stamp);
        try {
            // older than every source: the launcher must want to rebuild; G4J_LAUNCHER_DRY_RUN says so instead
            Files.setLastModifiedTime(stamp, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
            LauncherFixture.Run r = run(Map.of("G4J_LAUNCHER_DRY_RUN", "1"), "", "--version");
            assertThat(r.stderr()).contains("would build");
        } finally {
            Files.setLastModifiedTime(stamp, original);
        }
        LauncherFixture.Run fresh = run(Map.of("G4J_LAUNCHER_DRY_RUN", "1"), "", "--version");
        assertThat(fresh.stderr()).doesNotContain("would build");
    }
}
