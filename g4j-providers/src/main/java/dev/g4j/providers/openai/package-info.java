/**
 * Providers on OpenAI's chat completions protocol: {@link dev.g4j.providers.openai.DeepInfra} and
 * {@link dev.g4j.providers.openai.OpenAiCompatible} (any base URL and key: OpenAI, Groq, OpenRouter,
 * Ollama, LM Studio, vLLM).
 *
 * <p>The protocol engine is package-private: {@code OpenAiTemplate} (request headers and body, the answer
 * read as JSON or as an event stream, error mapping) with its parts {@code ChatBody},
 * {@code WireMessages}, {@code StreamAnswer}, {@code JsonAnswer}, {@code ToolCalls} and
 * {@code ErrorBodies}; {@code OpenAiModels} ({@code GET /models}) and {@code OpenAiImages}
 * ({@code POST /images/generations}); DeepInfra's own {@code DeepInfraModels} (featured list) and
 * {@code DeepInfraImages} (native inference). A new provider on this protocol is a small class in this
 * package that chooses URLs, headers and defaults.
 */
package dev.g4j.providers.openai;
