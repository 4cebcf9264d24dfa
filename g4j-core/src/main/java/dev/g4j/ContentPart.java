package dev.g4j;

import java.util.Objects;

/** One part of a message's content: text, or an image. */
public sealed interface ContentPart {

    record Text(String text) implements ContentPart {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    record Image(Media media) implements ContentPart {
        public Image {
            Objects.requireNonNull(media, "media");
        }
    }

    static ContentPart text(String text) {
        return new Text(text);
    }

    static ContentPart image(Media media) {
        return new Image(media);
    }
}
