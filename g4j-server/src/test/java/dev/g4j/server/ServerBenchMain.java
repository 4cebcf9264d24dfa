package dev.g4j.server;

import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.MediaPolicy;
import dev.g4j.spi.Provider;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Not a test: a server for quick load measurements until g4j-bench exists. Serves provider "Relay"
 * (a minimal OpenAI-compatible relay, see {@link RelayProvider}) in front of an upstream, and "Echo"
 * (50 chunks at once, no upstream) and "One" (one chunk, no upstream: the server's own cost) and "Tick" (30 chunks 1 s apart, no upstream: open-stream capacity).
 *
 * <pre>java -cp ... dev.g4j.server.ServerBenchMain PORT UPSTREAM_BASE_URL</pre>
 */
public final class ServerBenchMain {
    private ServerBenchMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String upstream = args.length > 1 ? args[1] : "http://127.0.0.1:18080/v1";
        List<String> models = List.of("gpt-4o-mini", "fake-c50-d0", "fake-c30-d1000", "fake-c50-d1", "g4j-sim-model");
        ScriptedProvider echo = ScriptedProvider.of("Echo", (req, ctx, out) -> {
            for (int i = 0; i < 50; i++) {
                out.text("chunk ");
            }
            out.finish("stop");
        });
        G4j g4j = G4j.builder()
                .config(G4jConfig.builder().environment(Map.of()).configFile(Optional.empty())
                        .media(MediaPolicy.untrusted(false)).maxConnectionsPerHost(20_000)
                        .option("Relay.base_url", upstream).build())
                .providers(List.<Provider>of(new RelayProvider("Relay", models), echo,
                        ScriptedProvider.of("One", ScriptedProvider.says("Hello from One.")),
                        ScriptedProvider.of("Tick", (req, ctx, out) -> {
                            for (int i = 0; i < 30; i++) {
                                out.text("tick ");
                                Thread.sleep(1000);
                            }
                            out.finish("stop");
                        })))
                .build();
        G4jServer server = G4jServer.builder().client(g4j).port(port).maxConcurrentStreams(20_000).build()
                .start();
        System.err.println("g4j bench server on " + server.baseUri() + " relaying to " + upstream);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            g4j.close();
        }));
        server.awaitShutdown();
    }
}
