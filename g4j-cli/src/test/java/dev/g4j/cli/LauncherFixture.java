package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Runs the {@code ./g4j} launcher as a subprocess on the CLI that {@code package} just built: copied into
 * a launcher directory of the test's own, with a stamp from the future so that it does not rebuild, and
 * the {@link ScriptedProvider} as a third-party provider jar ({@code G4J_PROVIDER_PATH}).
 */
final class LauncherFixture {
    final Path home;
    final Path repo;
    final Path launcherDir;
    final Path providerJar;

    private LauncherFixture(Path home, Path repo, Path launcherDir, Path providerJar) {
        this.home = home;
        this.repo = repo;
        this.launcherDir = launcherDir;
        this.providerJar = providerJar;
    }

    static LauncherFixture prepare(Path home) throws IOException {
        Path repo = Path.of(System.getProperty("g4j.repo", "..")).toAbsolutePath().normalize();
        Path cliJar = Path.of(System.getProperty("g4j.cli.jar"));
        Path launcherDir = home.resolve("launcher");
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
        Path providerJar = home.resolve("scripted-provider.jar");
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
        return new LauncherFixture(home, repo, launcherDir, providerJar);
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

    ProcessBuilder launcher(Map<String, String> env, String... args) {
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

    Run run(Map<String, String> env, String stdin, String... args) throws Exception {
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
}
