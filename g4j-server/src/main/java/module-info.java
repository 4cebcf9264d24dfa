/**
 * g4j server: an OpenAI-compatible HTTP server over a {@link dev.g4j.G4j} client, on Helidon SE.
 * Only {@code dev.g4j.server} is API: {@link dev.g4j.server.G4jServer} and {@link dev.g4j.server.ServerConfig}.
 */
module dev.g4j.server {
    requires transitive dev.g4j.core;
    requires io.helidon.webserver;
    requires io.helidon.http;
    requires io.helidon.common.socket;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires jdk.management; // the file-descriptor limit (UnixOperatingSystemMXBean)

    exports dev.g4j.server;
}
