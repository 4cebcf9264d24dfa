package dev.g4j;

import java.util.Base64;
import java.util.Objects;

/**
 * Media read into memory, with the type sniffed from its bytes.
 *
 * @param mimeType the sniffed type, e.g. {@code image/png}
 * @param filename a file name for uploads: the given one, or {@code image.<ext>}
 */
public record LoadedMedia(byte[] bytes, String mimeType, String filename) {
    public LoadedMedia {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(filename, "filename");
    }

    /** The bytes as a {@code data:<mime>;base64,...} URI. */
    public String dataUri() {
        return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "LoadedMedia[" + mimeType + ", " + bytes.length + " bytes, " + filename + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadedMedia m && java.util.Arrays.equals(bytes, m.bytes) && mimeType.equals(m.mimeType)
                && filename.equals(m.filename);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(bytes), mimeType, filename);
    }
}
