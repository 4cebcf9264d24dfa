package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./g4j} launcher as a user runs it, as a subprocess: it finds the JDK, starts the CLI that
 * {@code package} just built (copied into a launcher directory of the test's own, with a fresh stamp
 * so it does not rebuild), and the {@link ScriptedProvider} is added as a third-party provider jar.
 */
class LauncherIT {
    @TempDir
    static Path home;

    static Path repo;
    static Path launcherDir;
    static Path providerJar;

    @BeforeAll
    static void prepare() throws IOException {
        repo = Path.of(System.getProperty("g4j.repo", "..")).toAbsolutePath().normalize();
        Path cliJar = Path.of(System.getProperty("g4j.cli.jar"));
        launcherDir = home.resolve("launcher");
        Files.createDirectories(launcherDir.resolve("lib"));
        Files.copy(cliJar, launcherDir.resolve("g4j-cli.jar"));
        try (Stream<Path> libs = Files.list(cliJar.resolveSibling("lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, launcherDir.resolve("lib").resolve(lib.getFileName()));
            }
        }
        Path stamp = launcherDir.resolve("stamp");
        Files.createFile(stamp);
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plusSeconds(3600)));
        providerJar = home.resolve("scripted-provider.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(providerJar))) {
            jar.putNextEntry(new JarEntry("META-INF/services/dev.g4j.spi.Provider"));
            jar.write((ScriptedProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            for (String cls : List.of("ScriptedProvider", "ScriptedProvider$Script")) {
                jar.putNextEntry(new JarEntry("dev/g4j/cli/" + cls + ".class"));
                try (InputStream in = ScriptedProvider.class.getResourceAsStream(cls + ".class")) {
                    in.transferTo(jar);
                }
            }
        }
    }

    record Run(int exit, byte[] stdoutBytes, String stderr, Duration took) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exit + " in " + took.toMillis() + " ms\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr;
        }
    }

    static ProcessBuilder launcher(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("g4j").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().put("G4J_LAUNCHER_DIR", launcherDir.toString());
        pb.environment().put("G4J_PROVIDER_PATH", providerJar.toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        return pb;
    }

    static Run run(Map<String, String> env, String stdin, String... args) throws Exception {
        long t0 = System.nanoTime();
        Process p = launcher(env, args).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        return new Run(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void versionPrintsOnStdoutAndEndsWithZero() throws Exception {
        Run r = run(Map.of(), "", "--version");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("g4j " + Version.number() + "\n");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void chatStreamsTheAnswerToStdoutByteForByteAndStatusToStderr() throws Exception {
        Run r = run(Map.of("G4J_SCRIPTED_SCRIPT", "status:Queued|text:Hel|sleep:20|text:lo, wörld ✓"), "",
                "chat", "-p", "Scripted", "Hello");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo("Hello, wörld ✓".getBytes(StandardCharsets.UTF_8));
        assertThat(r.stderr()).isEqualTo("Queued\n");
    }

    @Test
    void thePromptMayBePipedIn() throws Exception {
        Run r = run(Map.of("G4J_SCRIPTED_SCRIPT", "text:piped"), "What is 2+2?\n", "chat", "-p", "Scripted");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("piped");
    }

    @Test
    void exitCodesComeFromTheirCauses() throws Exception {
        assertThat(run(Map.of(), "", "chat", "--bogus", "x").exit()).isEqualTo(2);
        assertThat(run(Map.of(), "", "chat", "-p", "Nope", "x").exit()).isEqualTo(3);
        Run auth = run(Map.of("G4J_SCRIPTED_SCRIPT", "fail:missing_auth:Scripted needs a key"), "",
                "chat", "-p", "Scripted", "x");
        assertThat(auth.exit()).as(auth.toString()).isEqualTo(4);
        assertThat(auth.stderr()).isEqualTo("g4j: Scripted: Scripted needs a key (missing_auth)\n");
        Run upstream = run(Map.of("G4J_SCRIPTED_SCRIPT", "fail:bad_gateway:502 Bad Gateway"), "",
                "chat", "-p", "Scripted", "x");
        assertThat(upstream.exit()).as(upstream.toString()).isEqualTo(5);
        assertThat(upstream.stdout()).isEmpty();
    }

    @Test
    void ctrlCStopsTheAnswerAndEndsWith130() throws Exception {
        Process p = launcher(Map.of("G4J_SCRIPTED_SCRIPT", "text:partial|sleep:60000|text:never"),
                "chat", "-p", "Scripted", "x").start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(
                () -> new String(readAll(p.getErrorStream()), StandardCharsets.UTF_8));
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
    void providersListsTheThirdPartyProviderBesideTheBuiltInOnes() throws Exception {
        Run r = run(Map.of(), "", "providers");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("NAME").contains("\nScripted ").contains("\nDeepInfra ");
    }

    @Test
    void aStaleBuildIsDetectedFromTheSourcesTimestamps() throws Exception {
        Path stamp = launcherDir.resolve("stamp");
        FileTime original = Files.getLastModifiedTime(stamp);
        try {
            // older than every source: the launcher must want to rebuild; G4J_LAUNCHER_DRY_RUN says so instead
            Files.setLastModifiedTime(stamp, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
            Run r = run(Map.of("G4J_LAUNCHER_DRY_RUN", "1"), "", "--version");
            assertThat(r.stderr()).contains("would build");
        } finally {
            Files.setLastModifiedTime(stamp, original);
        }
        Run fresh = run(Map.of("G4J_LAUNCHER_DRY_RUN", "1"), "", "--version");
        assertThat(fresh.stderr()).doesNotContain("would build");
    }
}
