package dev.g4j.internal;

import dev.g4j.ChatRequest;
import dev.g4j.spi.Provider;

/**
 * One provider of a chain, with the request as it goes to that provider.
 *
 * @param explicit whether the caller named this provider (then an unqualified API key is passed to it)
 */
record Route(Provider provider, ChatRequest request, boolean explicit) {}
