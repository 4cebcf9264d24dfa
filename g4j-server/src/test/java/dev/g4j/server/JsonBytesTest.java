package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String encode(String s) {
        return new String(new JsonBytes(4).string(s).toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void escapesWhatJsonRequiresAndEncodesUtf8() throws Exception {
        assertThat(encode("a\"b\\c\n\r\t\b\f\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\"");
        assertThat(encode("wörld 🌍 中")).isEqualTo("\"wörld 🌍 中\"");
        assertThat(encode(null)).isEqualTo("null");
    }

    @Test
    void replacesLoneSurrogatesWithTheReplacementCharacter() {
        assertThat(encode("x\ud800y")).isEqualTo("\"x\ufffdy\"");
        assertThat(encode("x\udc00")).isEqualTo("\"x\ufffd\"");
    }

    @Test
    void roundTripsRandomTextThroughJackson() throws Exception {
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(40);
            for (int j = 0; j < n; j++) {
                int cp = switch (r.nextInt(4)) {
                    case 0 -> r.nextInt(0x80);
                    case 1 -> 0x80 + r.nextInt(0x780);
                    case 2 -> 0x800 + r.nextInt(0xD000 - 0x800);
                    default -> 0x10000 + r.nextInt(0x1000);
                };
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            assertThat(JSON.readValue(new JsonBytes(8).string(s).toByteArray(), String.class)).isEqualTo(s);
        }
    }

    @Test
    void writesNumbers() {
        for (long v : new long[] {0, 7, -7, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(new String(new JsonBytes(1).number(v).toByteArray(), StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(v));
        }
    }
}
