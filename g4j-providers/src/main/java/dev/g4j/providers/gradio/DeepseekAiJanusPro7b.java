package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ErrorKind;
import dev.g4j.LoadedMedia;
import dev.g4j.Media;
import dev.g4j.ModelCatalog;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.Task;
import dev.g4j.UpstreamException;
import dev.g4j.http.Json;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Prompts;
import dev.g4j.spi.Provider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DeepSeek's Janus-Pro-7B Space on Hugging Face ({@code deepseek-ai/Janus-Pro-7B}, Gradio on ZeroGPU),
 * g4f's {@code DeepseekAI_JanusPro7b}: answers questions about an image ({@code janus-pro-7b}, function 2)
 * and generates five images from a prompt ({@code janus-pro-7b-image}, function 3), through
 * {@link GradioSpace}. The first event is the session ({@code session_hash}, {@code zerogpu_token},
 * {@code zerogpu_uuid}); passing it back continues the same Space session without fetching the page.
 *
 * <p>The Space keeps no chat history (its functions take only an image and a question), so every turn
 * sends the whole conversation as g4f's {@code format_prompt} text. Text-only questions reach the Space
 * too, which then fails with "Missing images input", as it does for g4f.
 */
public final class DeepseekAiJanusPro7b implements Provider {
    public static final String NAME = "DeepseekAI_JanusPro7b";
    public static final String TEXT_MODEL = "janus-pro-7b";
    public static final String IMAGE_MODEL = "janus-pro-7b-image";
    public static final String SPACE_URL = "space_url";
    public static final String HUB_URL = "hub_url";
    public static final String COOKIES = "cookies";

    private static final String SPACE = "deepseek-ai/Janus-Pro-7B";
    // the Space's dependency indexes (protocols.md §2.3): multimodal_understanding and generate_image
    private static final int UNDERSTAND_FN = 2;
    private static final int UNDERSTAND_TRIGGER = 10;
    private static final int GENERATE_FN = 3;
    private static final int GENERATE_TRIGGER = 20;
    private static final double TOP_P = 0.95;
    private static final double TEMPERATURE = 0.1;
    private static final int CFG_WEIGHT = 5;
    private static final int IMAGE_TEMPERATURE = 1;

    private static final ProviderInfo INFO = ProviderInfo.builder(NAME)
            .label("DeepseekAI Janus-Pro-7B")
            .url("https://huggingface.co/spaces/" + SPACE)
            .loginUrl("https://huggingface.co/login")
            .working(true)
            .needsAuth(false)
            .models(ModelCatalog.builder()
                    .defaultModel(TEXT_MODEL)
                    .defaultVisionModel(TEXT_MODEL)
                    .defaultImageModel(IMAGE_MODEL)
                    .textModels(TEXT_MODEL)
                    .visionModels(TEXT_MODEL)
                    .imageModels(IMAGE_MODEL)
                    .build())
            .option(ProviderOption.of(SPACE_URL, "https://deepseek-ai-janus-pro-7b.hf.space",
                    "the Space's Gradio app (queue, uploads)"))
            .option(ProviderOption.of(HUB_URL, "https://huggingface.co",
                    "the hub serving the Space page (ZeroGPU uuid) and ZeroGPU JWTs"))
            .option(ProviderOption.apiKey("a ZeroGPU token sent as x-zerogpu-token; skips reading the Space page"))
            .option(ProviderOption.secret(COOKIES,
                    "huggingface.co cookies (a Cookie header value) for the page and the hub's ZeroGPU JWT endpoint"))
            .build();

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public void generate(ChatRequest request, CallContext ctx, Emitter out) throws IOException {
        GradioSpace space = GradioSpace.of(SPACE, ctx.options().url(SPACE_URL), ctx.options().url(HUB_URL));
        Optional<GradioSession> previous = request.conversation()
                .filter(c -> c.provider().equalsIgnoreCase(NAME))
                .map(c -> GradioSession.fromJson(c.json(), ctx.random()));
        GradioSession session = space.identify(ctx, previous.orElseGet(() -> GradioSession.create(ctx.random())),
                ctx.apiKey(), ctx.options().find(COOKIES));
        if (!previous.equals(Optional.of(session))) {
            out.emit(new ChatEvent.ConversationState(NAME, session.toJson()));
        }
        long seed = request.seed().orElseGet(() -> 1000 + ctx.random().nextLong(999_000));
        GradioCall call = isImageRequest(request) ? imageCall(request, seed)
                : understandingCall(request, ctx, space, session, seed, out);
        try {
            space.run(ctx, session, call, out);
        } catch (UpstreamException e) {
            throw translate(e);
        }
    }

    private static boolean isImageRequest(ChatRequest request) {
        return request.model().equals(IMAGE_MODEL) || request.task() == Task.IMAGE;
    }

    /** Text to image: {@code [prompt, seed, cfg_weight, t2i_temperature]}, a Gallery of five images. */
    private static GradioCall imageCall(ChatRequest request, long seed) {
        String prompt = Prompts.formatMediaPrompt(request.messages(), request.imagePrompt());
        ArrayNode data = Json.MAPPER.createArrayNode().add(prompt).add(seed).add(CFG_WEIGHT).add(IMAGE_TEMPERATURE);
        return new GradioCall(GENERATE_FN, GENERATE_TRIGGER, data, 0, prompt);
    }

    /**
     * Understanding: {@code [image FileData or null, question, seed, top_p, temperature]}, one Textbox.
     * Every image is uploaded, as g4f does; the function takes one, the first, and a status says so when
     * there are more (never dropped silently, reference §19.4).
     */
    private static GradioCall understandingCall(
            ChatRequest request, CallContext ctx, GradioSpace space, GradioSession session, long seed, Emitter out) {
        String prompt = Prompts.formatPrompt(request.messages());
        List<LoadedMedia> images = new ArrayList<>();
        for (Media m : request.images()) {
            images.add(ctx.load(m));
        }
        if (images.size() > 1) {
            out.status(NAME + " takes one image: sending the first, leaving out the other " + (images.size() - 1));
        }
        List<ObjectNode> files = space.upload(ctx, session, images);
        ArrayNode data = Json.MAPPER.createArrayNode();
        if (files.isEmpty()) {
            data.addNull();
        } else {
            data.add(files.getFirst()); // the Space takes one image
        }
        data.add(prompt).add(seed).add(request.topP().orElse(TOP_P)).add(request.temperature().orElse(TEMPERATURE));
        return new GradioCall(UNDERSTAND_FN, UNDERSTAND_TRIGGER, data, 0, prompt);
    }

    /** Janus's understanding function fails with an AttributeError on a missing image (g4f's wording). */
    private static UpstreamException translate(UpstreamException e) {
        if (e.kind() == ErrorKind.RESPONSE_ERROR && e.getMessage().contains("AttributeError")) {
            return new UpstreamException(ErrorKind.RESPONSE_ERROR, "Missing images input", e.title().orElse(null),
                    e.rawMessage().orElse(e.getMessage()));
        }
        return e;
    }
}
