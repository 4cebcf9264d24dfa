/**
 * g4j providers: the OpenAI-compatible template ({@code openai}: DeepInfra, OpenAICompatible), the Gradio
 * space template ({@code gradio}: DeepseekAI_JanusPro7b), ReplicateHome and Dynaspark.
 */
module dev.g4j.providers {
    requires dev.g4j.core;
    requires org.slf4j;

    exports dev.g4j.providers.openai;
    exports dev.g4j.providers.gradio;
    exports dev.g4j.providers.replicate;
    exports dev.g4j.providers.dynaspark;

    provides dev.g4j.spi.Provider with
            dev.g4j.providers.openai.DeepInfra,
            dev.g4j.providers.openai.OpenAiCompatible,
            dev.g4j.providers.dynaspark.Dynaspark,
            dev.g4j.providers.gradio.DeepseekAiJanusPro7b,
            dev.g4j.providers.replicate.ReplicateHome;
}
