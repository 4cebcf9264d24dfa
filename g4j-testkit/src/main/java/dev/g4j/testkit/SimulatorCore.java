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

    /**
     * Finds a JSON boolean {@code "key": true} by scanning bytes, without parsing: the simulators sit in
     * the benchmark's hot path. A key is a quoted name followed by a colon, which an escaped string
     * inside a value cannot imitate.
     */
    static boolean jsonFlag(byte[] body, String key) {
        byte[] needle = ("\"" + key + "\"").getBytes(StandardCharsets.UTF_8);
        for (int at = MultipartReader.indexOf(body, needle, 0); at >= 0;
                at = MultipartReader.indexOf(body, needle, at + 1)) {
            int i = skipSpace(body, at + needle.length);
            if (i < body.length && body[i] == ':') {
                i = skipSpace(body, i + 1);
                return i + 4 <= body.length && body[i] == 't' && body[i + 1] == 'r' && body[i + 2] == 'u'
                        && body[i + 3] == 'e';
            }
        }
        return false;
    }

    private static int skipSpace(byte[] body, int i) {
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i;
    }
}
