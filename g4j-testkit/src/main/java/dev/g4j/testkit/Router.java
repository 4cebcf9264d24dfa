package dev.g4j.testkit;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Handler} that routes by method and path (the query is not looked at) to a {@link Response}
 * or any other handler; everything else gets a {@code 404} JSON error. Routes can be added while the
 * server runs; a later route for the same method and path replaces an earlier one.
 *
 * <pre>{@code
 * Router router = Router.create()
 *     .get("/v1/models", Response.json(200, "{\"data\":[]}"))
 *     .prefix("POST", "/v1/inference/", (request, exchange) -> exchange.send("..."))
 *     .enqueue("POST", "/v1/chat/completions",
 *         Response.json(429, "{\"error\":{\"message\":\"busy\"}}"),
 *         Response.sse(List.of("{}", "[DONE]")));
 * LoopbackServer server = LoopbackServer.start(router);
 * }</pre>
 *
 * <p>Queue mode ({@link #enqueue}): the next requests to that exact method and path get the queued
 * responses in order, before any route; once they are used up, routing goes on as usual.
 */
public final class Router implements Handler {

    /** Matches any method. */
    public static final String ANY_METHOD = "*";

    private record Route(String method, String path, boolean prefix, Handler handler) {
        boolean matches(String requestMethod, String requestPath) {
            boolean methodOk = method.equals(ANY_METHOD) || method.equalsIgnoreCase(requestMethod);
            return methodOk && (prefix ? requestPath.startsWith(path) : requestPath.equals(path));
        }
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Map<String, Deque<Handler>> queues = new HashMap<>();
    private volatile Handler fallback = Router::notFound;

    private Router() {}

    /** An empty router: every request gets 404. */
    public static Router create() {
        return new Router();
    }

    /** Routes requests with exactly this method ({@code *} for any) and path. */
    public Router route(String method, String path, Handler handler) {
        routes.add(new Route(method, requirePath(path), false, Objects.requireNonNull(handler)));
        return this;
    }

    /** Routes requests whose path starts with the prefix; the longest matching prefix wins. */
    public Router prefix(String method, String pathPrefix, Handler handler) {
        routes.add(new Route(method, requirePath(pathPrefix), true, Objects.requireNonNull(handler)));
        return this;
    }

    /** {@code route("GET", path, handler)}. */
    public Router get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    /** {@code route("POST", path, handler)}. */
    public Router post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    /** The next requests to this method and exact path get these responses, in order. */
    public Router enqueue(String method, String path, Response... responses) {
        return enqueueHandlers(method, path, List.of(responses));
    }

    /** The next requests to this method and exact path go to these handlers, in order. */
    public Router enqueueHandlers(String method, String path, List<? extends Handler> handlers) {
        queueLock.lock();
        try {
            queues.computeIfAbsent(key(method, requirePath(path)), k -> new ArrayDeque<>()).addAll(handlers);
        } finally {
            queueLock.unlock();
        }
        return this;
    }

    /** How many queued responses for this method and path are still unused. */
    public int pending(String method, String path) {
        queueLock.lock();
        try {
            Deque<Handler> queue = queues.get(key(method, path));
            return queue == null ? 0 : queue.size();
        } finally {
            queueLock.unlock();
        }
    }

    /** What unrouted requests get instead of the 404. */
    public Router fallback(Handler handler) {
        this.fallback = Objects.requireNonNull(handler);
        return this;
    }

    @Override
    public void handle(RecordedRequest request, Exchange exchange) throws Exception {
        resolve(request.method(), request.path()).orElse(fallback).handle(request, exchange);
    }

    /** The handler this request would get, if any route or queue matches. */
    public Optional<Handler> resolve(String method, String path) {
        Optional<Handler> queued = takeQueued(method, path);
        if (queued.isPresent()) {
            return queued;
        }
        List<Route> snapshot = new ArrayList<>(routes);
        Route best = null;
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            Route route = snapshot.get(i);
            if (!route.matches(method, path)) {
                continue;
            }
            if (!route.prefix()) {
                return Optional.of(route.handler()); // newest exact route wins over any prefix
            }
            if (best == null || route.path().length() > best.path().length()) {
                best = route;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.handler());
    }

    private Optional<Handler> takeQueued(String method, String path) {
        queueLock.lock();
        try {
            for (String key : List.of(key(method, path), key(ANY_METHOD, path))) {
                Deque<Handler> queue = queues.get(key);
                if (queue != null && !queue.isEmpty()) {
                    return Optional.of(queue.removeFirst());
                }
            }
            return Optional.empty();
        } finally {
            queueLock.unlock();
        }
    }

    private static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    private static String requirePath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/': " + path);
        }
        return path;
    }

    private static void notFound(RecordedRequest request, Exchange exchange) throws IOException {
        var body = Json.object();
        body.putObject("error")
                .put("message", "no route for " + request.method() + " " + request.path())
                .put("type", "not_found");
        exchange.status(404).header("Content-Type", "application/json").send(Json.bytes(body));
    }
}
