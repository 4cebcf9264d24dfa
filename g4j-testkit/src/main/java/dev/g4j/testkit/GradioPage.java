package dev.g4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;

/**
 * The huggingface.co Space page, shaped like the fixture pages: the hydration props are JSON,
 * HTML-escaped inside a {@code data-props} attribute, with {@code sessionUuid} and {@code jwt} (null for
 * an anonymous visitor, {@code {"token", "expiration"}} for a logged-in one).
 */
final class GradioPage {

    private GradioPage() {}

    /** {@code deepseek-ai/Janus-Pro-7B} → {@code deepseek-ai-janus-pro-7b}. */
    static String subdomain(String space) {
        return space.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static String html(String space, String sdkVersion, String sessionUuid, Optional<String> token) {
        String owner = space.substring(0, space.indexOf('/'));
        String name = space.substring(space.indexOf('/') + 1);
        String host = subdomain(space) + ".hf.space";
        ObjectNode props = Json.object().put("canRestart", false).put("canWrite", false).put("csrf", "");
        ObjectNode spaceNode = props.putObject("space").put("author", owner).put("id", space).put("sdk", "gradio")
                .put("sdkVersion", sdkVersion).put("subdomain", subdomain(space));
        ObjectNode runtime = spaceNode.putObject("runtime").put("stage", "RUNNING");
        runtime.putObject("hardware").put("current", "zero-a10g").put("requested", "zero-a10g");
        runtime.putArray("domains").addObject().put("domain", host).put("stage", "READY");
        spaceNode.putObject("iframe").put("embedSrc", "https://" + host).put("src", "https://" + host);
        props.put("iframeSrc", "https://" + host + "/?__theme=system").put("showGettingStarted", false)
                .put("sessionUuid", sessionUuid);
        if (token.isPresent()) {
            props.putObject("jwt").put("token", token.get()).put("expiration", "2025-06-12T01:10:00.000Z");
        } else {
            props.putNull("jwt");
        }
        props.putObject("plan").put("user", token.isPresent() ? "free" : "anonymous");
        return "<!doctype html>\n<html class=\"\">\n<head>\n<meta charset=\"utf-8\" />\n"
                + "<title>" + escape(name) + " - a Hugging Face Space by " + escape(owner) + "</title>\n</head>\n"
                + "<body class=\"flex flex-col min-h-dvh bg-white dark:bg-gray-950 text-black SpacePage\">\n"
                + "<div class=\"SVELTE_HYDRATER contents\" data-target=\"SystemThemeMonitor\" data-props=\""
                + escape("{\"isLoggedIn\":" + token.isPresent() + "}") + "\"></div>\n"
                + "<main class=\"flex flex-1 flex-col\">\n"
                + "<div class=\"SVELTE_HYDRATER contents\" data-target=\"SpacePageInner\" data-props=\""
                + escape(Json.write(props)) + "\">\n"
                + "<iframe src=\"https://" + host + "/?__theme=system\" aria-label=\"Space app\" "
                + "class=\"space-iframe outline-hidden grow overflow-hidden bg-white p-0\"></iframe>\n"
                + "</div></main>\n</body>\n</html>\n";
    }

    /** HTML attribute escaping as the page uses it: {@code &quot;} for quotes. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
