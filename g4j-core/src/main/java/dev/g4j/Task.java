package dev.g4j;

/** What the caller wants back: a chat answer, or generated images. */
public enum Task {
    CHAT,
    IMAGE
}
