package dev.g4j;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Image types recognised from magic bytes (never from names): PNG, JPEG, GIF, WebP, BMP, SVG and the
 * HEIF family (HEIC, AVIF).
 */
public final class MediaTypes {
    private MediaTypes() {}

    /** The image type of these bytes, or empty when they are not an accepted image. */
    public static Optional<String> sniff(byte[] b) {
        if (b == null || b.length < 2) {
            return Optional.empty();
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of("image/gif");
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of("image/webp");
        }
        if (startsWith(b, 0, 'B', 'M') && b.length >= 26) {
            return Optional.of("image/bmp");
        }
        if (b.length >= 12 && startsWith(b, 4, 'f', 't', 'y', 'p')) {
            String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
            switch (brand) {
                case "avif", "avis":
                    return Optional.of("image/avif");
                case "heic", "heix", "hevc", "hevx", "heim", "heis":
                    return Optional.of("image/heic");
                case "mif1", "msf1":
                    return Optional.of("image/heif");
                default:
                    break;
            }
        }
        if (isSvg(b)) {
            return Optional.of("image/svg+xml");
        }
        return Optional.empty();
    }

    /** A file extension for an image type, without the dot. */
    public static String extension(String mimeType) {
        return switch (mimeType.toLowerCase(Locale.ROOT)) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            case "image/bmp" -> "bmp";
            case "image/svg+xml" -> "svg";
            case "image/avif" -> "avif";
            case "image/heic" -> "heic";
            case "image/heif" -> "heif";
            default -> "bin";
        };
    }

    private static boolean isSvg(byte[] b) {
        int n = Math.min(b.length, 1024);
        String head = new String(b, 0, n, StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.startsWith("<svg")) {
            return true;
        }
        return (lower.startsWith("<?xml") || lower.startsWith("<!--") || lower.startsWith("<!doctype svg"))
                && lower.contains("<svg");
    }

    private static boolean startsWith(byte[] b, int offset, int... magic) {
        if (b.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
