package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What every protocol simulator has: a loopback server, a router and a queue of injected faults.
 * Simulators build the normal answer and hand it to {@link #serve}, which applies a pending fault.
 */
final class SimulatorCore {

    final Router router = Router.create();
    final FaultQueue faults = new FaultQueue();
    private final LoopbackServer server;

    SimulatorCore() {
        this.server = LoopbackServer.start(router);
    }

    LoopbackServer server() {
        return server;
    }

    void serve(RecordedRequest request, Exchange exchange, Response normal) throws Exception {
        faults.apply(request.path(), normal).handle(request, exchange);
    }

    void failNext(Optional<String> path, List<Fault> list) {
        faults.add(path, list);
    }

    /** A compact JSON answer. */
    static Response json(int status, JsonNode node) {
        return json(status, Json.write(node));
    }

    /** A JSON answer with this exact text. */
    static Response json(int status, String body) {
        return Response.of(status).header("Content-Type", "application/json")
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A FastAPI/Starlette error body: {@code {"detail": "..."}}. */
    static Response detail(int status, String message) {
        return json(status, Json.object().put("detail", message));
    }
}
