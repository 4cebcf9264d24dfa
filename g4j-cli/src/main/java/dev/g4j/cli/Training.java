package dev.g4j.cli;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ConnectionException;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.http.CallSettings;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Transport;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;
import dev.g4j.ProviderOption;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.JettyTransport;
import dev.g4j.http.Json;
import dev.g4j.http.SseEvent;
import dev.g4j.http.SseReader;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The training run of the class-data-sharing archive: the launcher runs it once after a build, under
 * {@code -XX:ArchiveClassesAtExit} (JDK 21–24) or {@code -XX:AOTCacheOutput} (JDK 25+), so the archive
 * holds the classes of every command rather than only those of whichever command happened to run first.
 * Everything runs in-process, offline (a transport that refuses every request), output discarded.
 */
public final class Training {
    private Training() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("g4j-training");
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serve(upstream));
            String url = "--option=Training.base_url=http://127.0.0.1:" + upstream.getLocalPort() + "/v1/chat";
            run(dir, false, "--version");
            run(dir, false, "--help");
            run(dir, false, "chat", "--help");
            run(dir, false, "providers");
            run(dir, false, "providers", "--json");
            run(dir, false, "models");
            run(dir, false, "models", "--json", "-p", "Training");
            run(dir, true, "chat", "-p", "Training", url, "Hello");
            run(dir, true, "chat", "--json", "-p", "Training", url, "Hello");
            run(dir, true, "chat", "-p", "Training", "--option", "Training.nope=x", "Hello");
            run(dir, true, "chat", "-p", "NoSuchProvider", "Hello");
            run(dir, true, "image", "-p", "Training", "-o", dir.toString(), "a", "cat");
            run(dir, true, "providers", "check", "-p", "Training", url);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * @param http whether requests reach the loopback upstream through the real transport (Jetty), or fail
     *     at once (the real providers' model lists must not be fetched from the internet here)
     */
    private static void run(Path dir, boolean http, String... args) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Io io = new Io(new ByteArrayInputStream(new byte[0]), sink, sink, Map.of(), dir, false, false, false, 80, false);
        Cli.ClientFactory clients = config -> client(config, http);
        new Cli(io, clients, ServerRunner.NOT_AVAILABLE, new Interrupts(() -> { }), Cli.GIVE_UP_AFTER).run(args);
    }

    private static G4j client(G4jConfig config, boolean http) {
        List<Provider> providers = new ArrayList<>();
        ServiceLoader.load(Provider.class, Training.class.getClassLoader()).forEach(providers::add);
        providers.add(new Rehearsal());
        if (http) {
            JettyTransport jetty = JettyTransport.create(
                    new JettyTransport.Settings(config.timeouts().connect(), 4, "g4j"));
            return G4j.builder().config(config).providers(providers).transport(new ResolvingTransport(jetty)).build();
        }
        Transport offline = new Transport() {
            @Override
            public HttpResponse send(HttpRequest request, CallSettings settings) {
                throw new ConnectionException("offline training run", settings.provider(), 0, null);
            }
        };
        return G4j.builder().config(config).providers(providers).transport(new ResolvingTransport(offline)).build();
    }

    /** A loopback upstream answering every request with a short OpenAI-style event stream. */
    private static void serve(ServerSocket server) {
        byte[] body = ("data: {\"text\":\"Hel\"}\n\ndata: {\"text\":\"lo\"}\n\ndata: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line;
                long length = 0;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Long.parseLong(line.substring(15).strip());
                    }
                }
                in.skip(length);
                s.getOutputStream().write(head);
                s.getOutputStream().write(body);
                s.getOutputStream().flush();
            } catch (IOException | RuntimeException e) {
                // the training ends by closing the socket
            }
        }
    }

    /** A provider that answers like a real one would, without a network. */
    private static final class Rehearsal implements Provider {
        private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42m"
                + "Nk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        private static final ProviderInfo INFO = ProviderInfo.builder("Training")
                .models(ModelCatalog.builder().defaultModel("rehearsal").defaultImageModel("sketch").build())
                .option(ProviderOption.optional(ProviderOption.BASE_URL, "the loopback upstream"))
                .build();

        @Override
        public ProviderInfo info() {
            return INFO;
        }

        @Override
        public void generate(ChatRequest request, CallContext ctx, Emitter out) {
            out.emit(new ChatEvent.ConversationState("Training", "{\"session\":\"s\"}"));
            out.status("Queued");
            out.emit(new ChatEvent.Progress("step", 1, 2));
            if (request.task() == dev.g4j.Task.IMAGE) {
                out.emit(new ChatEvent.ImageOutput(List.of(PNG), "a cat"));
            } else {
                out.reasoning("thinking");
                Optional<String> url = ctx.options().find(ProviderOption.BASE_URL);
                if (url.isPresent()) {
                    stream(ctx, url.get(), out);
                } else {
                    out.text("Hello");
                }
                out.emit(ChatEvent.Usage.of(1, 2));
            }
            out.finish("stop");
        }

        private static void stream(CallContext ctx, String url, Emitter out) {
            try (HttpResponse r = ctx.http().send(HttpRequest.post(url).json("{\"stream\":true}").build());
                    SseReader events = new SseReader(r.body())) {
                HttpErrors.check(r, ctx.provider());
                for (SseEvent e = events.next(); e != null && !e.isDone(); e = events.next()) {
                    out.text(Json.parse(e.data()).path("text").asText());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
