/**
 * g4j core: the API ({@code dev.g4j}), the provider SPI ({@code dev.g4j.spi}) and the transport and SSE
 * layer ({@code dev.g4j.http}). Providers are found with {@link java.util.ServiceLoader}.
 */
module dev.g4j.core {
    requires transitive com.fasterxml.jackson.databind;
    requires org.eclipse.jetty.client;
    requires org.slf4j;

    exports dev.g4j;
    exports dev.g4j.spi;
    exports dev.g4j.http;

    uses dev.g4j.spi.Provider;
}
