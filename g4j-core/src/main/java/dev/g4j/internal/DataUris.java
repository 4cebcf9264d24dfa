package dev.g4j.internal;

/** Decoding of {@code data:} URIs, shared by media loading and generated images. */
public final class DataUris {
    private DataUris() {}

    public static byte[] decode(String uri) {
        return DefaultMediaLoader.decodeDataUri(uri);
    }
}
