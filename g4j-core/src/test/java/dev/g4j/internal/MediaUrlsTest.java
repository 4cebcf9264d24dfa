package dev.g4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.MediaPolicy;
import dev.g4j.UnsupportedMediaException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaUrlsTest {
    static final MediaPolicy UNTRUSTED = MediaPolicy.untrusted(true);

    /** Resolves only the names it knows; fails the test on any other lookup (literals must need none). */
    static MediaUrls.Resolver names(Map<String, List<String>> names) {
        return host -> {
            List<String> addresses = names.get(host);
            if (addresses == null) {
                throw new AssertionError("unexpected lookup of " + host);
            }
            InetAddress[] out = new InetAddress[addresses.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(addresses.get(i)); // literals only
            }
            return out;
        };
    }

    static final MediaUrls.Resolver NO_LOOKUP = names(Map.of());

    @Test
    void refusesLoopbackPrivateLinkLocalAndUniqueLocalAddressLiteralsWithoutALookup() {
        for (String host : List.of("127.0.0.1", "127.255.255.254", "[::1]", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "[fc00::1]", "[fd12:3456::1]", "169.254.169.254", "169.254.0.1", "[fe80::1]",
                "0.0.0.0", "[::]", "100.64.0.1", "224.0.0.1", "255.255.255.255", "198.18.0.1",
                "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:10.0.0.1]", "[::ffff:169.254.169.254]",
                "[::127.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::]", "[ff02::1]")) {
            assertThatThrownBy(() -> MediaUrls.check(UNTRUSTED, "http://" + host + "/cat.png", NO_LOOKUP))
                    .as(host).isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageContaining("private or local");
        }
        assertThatThrownBy(() -> MediaUrls.check(UNTRUSTED, "https://user:pw@127.0.0.1:8443/x?y#z", NO_LOOKUP))
                .hasMessageContaining("private or local");
    }

    @Test
    void refusesNumericHostsThatAreNotAPlainDottedQuad() {
        // 2130706433 and 017700000001 are 127.0.0.1 to inet_aton (curl, many proxies); 0177.0.0.1 is 127.0.0.1
        // there but 177.0.0.1 to the JDK: no reading of them is trusted
        for (String host : List.of("2130706433", "017700000001", "0x7f000001", "0177.0.0.1", "127.000.000.001",
                "2130706433.", "0", "00")) {
            assertThatThrownBy(() -> MediaUrls.check(UNTRUSTED, "http://" + host + "/", NO_LOOKUP))
                    .as(host).isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageContaining("numeric host other than a dotted quad");
        }
        // refused for other reasons: no host as java.net.URI reads them, or not an address at all
        for (String url : List.of("http://127.1/", "http://0x7f.0.0.1/", "http://1.2.3.4.5/", "http://256.1.1.1/", "http://example.123/", "http://example.0x10/",
                "http://127.0.0.1./", "http://[::1/",
                "http:///cat.png", "http://[fe80::1%25eth0]/")) {
            assertThatThrownBy(() -> MediaUrls.check(UNTRUSTED, url, NO_LOOKUP)).as(url)
                    .isInstanceOf(UnsupportedMediaException.class);
        }
    }

    @Test
    void refusesNamesWhenAnyAddressTheyResolveToIsPrivate() {
        MediaUrls.Resolver dns = names(Map.of("localhost", List.of("127.0.0.1", "::1"),
                "split.example", List.of("93.184.216.34", "10.0.0.5"),
                "metadata.example", List.of("169.254.169.254"),
                "v6.example", List.of("fd00::7")));
        for (String host : List.of("localhost", "split.example", "metadata.example", "v6.example")) {
            assertThatThrownBy(() -> MediaUrls.check(UNTRUSTED, "http://" + host + "/a.png", dns)).as(host)
                    .isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageContaining("private or local");
        }
        assertThatThrownBy(() -> MediaUrls.check(UNTRUSTED, "http://gone.example/a.png", host -> {
            throw new UnknownHostException(host);
        })).hasMessageContaining("unknown host");
        // the JDK's own resolver: localhost is loopback on every machine
        assertThatThrownBy(() -> UNTRUSTED.checkUrl("http://localhost:1/a.png")).hasMessageContaining("private or local");
    }

    @Test
    void acceptsPublicAddressesAndNames() {
        MediaUrls.Resolver dns = names(Map.of("images.example", List.of("93.184.216.34", "2606:2800:220:1::1")));
        assertThat(MediaUrls.check(UNTRUSTED, "https://images.example/a/b.png?x=1", dns).getHost())
                .isEqualTo("images.example");
        for (String host : List.of("8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "[2606:4700::1111]",
                "[::ffff:8.8.8.8]", "[2002:808:808::]")) {
            assertThat(MediaUrls.check(UNTRUSTED, "http://" + host + "/a.png", NO_LOOKUP)).as(host).isNotNull();
        }
    }

    @Test
    void refusesEveryUrlWhenFetchingIsOffAndWhatIsNotHttp() {
        assertThatThrownBy(() -> MediaUrls.check(MediaPolicy.untrusted(false), "https://8.8.8.8/a.png", NO_LOOKUP))
                .hasMessageContaining("disabled");
        assertThatThrownBy(() -> MediaUrls.check(UNTRUSTED, "ftp://8.8.8.8/a.png", NO_LOOKUP))
                .hasMessageContaining("not an http(s)");
        assertThatThrownBy(() -> MediaUrls.check(UNTRUSTED, "http://8.8.8.8/a b.png", NO_LOOKUP))
                .hasMessageContaining("not a valid image URL");
    }

    @Test
    void aTrustedPolicyFetchesFromPrivateNetworksWithoutLookingNamesUp() {
        assertThat(MediaUrls.check(MediaPolicy.TRUSTED, "http://127.0.0.1:8080/a.png", NO_LOOKUP).getPort())
                .isEqualTo(8080);
        assertThat(MediaUrls.check(MediaPolicy.TRUSTED, "http://intranet.example/a.png", NO_LOOKUP)).isNotNull();
    }
}
