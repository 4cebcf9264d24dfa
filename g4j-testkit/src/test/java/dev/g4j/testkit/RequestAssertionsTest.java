package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestAssertionsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode joinFixture() throws Exception {
        return mapper.readTree(Fixtures.bytes("janus/queue_join_request_vision.json"));
    }

    @Test
    void ignoresOrPatternChecksTheValuesAClientPicksAtRandom() throws Exception {
        String actual = mapper.writeValueAsString(joinFixture())
                .replace("48213", "731")
                .replace("5c1f0a9e3b7d4e2a8f6c0b1d9e4a7c35", "0123456789abcdef0123456789abcdef");
        byte[] bytes = actual.getBytes(StandardCharsets.UTF_8);
        assertThat(RequestAssertions.defaults().jsonDifferences(joinFixture(), bytes)).containsExactlyInAnyOrder(
                "$.data[2]: expected integer 48213 but got integer 731",
                "$.session_hash: expected \"5c1f0a9e3b7d4e2a8f6c0b1d9e4a7c35\" but got \"0123456789abcdef0123456789abcdef\"");
        RequestAssertions lenient = RequestAssertions.defaults().ignoringJsonPaths("data[2]")
                .matchingJsonPath("$.session_hash", "[0-9a-f]{32}");
        assertThat(lenient.jsonDifferences(joinFixture(), bytes)).isEmpty();
        assertThat(lenient.jsonDifferences(joinFixture(), actual.replace("0123456789abcdef0123456789abcdef", "short")
                .getBytes(StandardCharsets.UTF_8))).containsExactly("$.session_hash: \"short\" does not match /[0-9a-f]{32}/");
        assertThat(RequestAssertions.defaults().ignoringJsonPaths("data[*]", "session_hash")
                .jsonDifferences(joinFixture(), bytes)).isEmpty();
    }

    @Test
    void substitutesBoundWildcardValuesAndTellsAbsentFromNull() throws Exception {
        String actual = mapper.writeValueAsString(joinFixture()).replace("5c1f0a9e3b7d4e2a8f6c0b1d9e4a7c35", "abc")
                .replace("\"event_data\":null,", "");
        List<String> differences = RequestAssertions.defaults()
                .withSubstitutions(Map.of("5c1f0a9e3b7d4e2a8f6c0b1d9e4a7c35", "abc"))
                .jsonDifferences(joinFixture(), actual.getBytes(StandardCharsets.UTF_8));
        assertThat(differences).containsExactly("$.event_data: missing (expected null)");
    }

    @Test
    void checksMultipartContentTypesWithoutTheirRandomBoundary() {
        Map<String, String> expected = Map.of("Content-Type", "multipart/form-data; boundary=fixture");
        RequestAssertions assertions = RequestAssertions.defaults();
        assertThat(assertions.headerDifferences(expected, Headers.of("content-type", "multipart/form-data; boundary=x")))
                .isEmpty();
        assertThat(assertions.headerDifferences(expected, Headers.of("Content-Type", "multipart/form-data")))
                .containsExactly("header Content-Type: 'multipart/form-data' has no boundary");
        assertThat(assertions.headerDifferences(expected, Headers.of())).hasSize(1);
        assertThat(assertions.ignoringHeaders("content-type").headerDifferences(expected, Headers.of())).isEmpty();
    }

    @Test
    void comparesFormsFieldByField() {
        assertThat(RequestAssertions.defaults().formDifferences("a=1&b=x+y", "b=x%20y&a=2&c=3")).containsExactly(
                "form field a: expected [1] but got [2]", "form field c: unexpected [3]");
    }

    @Test
    void comparesMultipartBodiesPartByPart() {
        List<ExpectedPart> expected = List.of(new ExpectedPart("files", Optional.of("a.png"), Optional.of("image/png"),
                Map.of(), new byte[] {1, 2}, "inline"));
        byte[] body = Forms.multipartBody("zz", List.of(Forms.part("files", Optional.of("a.png"),
                Optional.of("application/octet-stream"), new byte[] {1, 2})));
        assertThat(RequestAssertions.defaults().multipartDifferences(expected, "multipart/form-data; boundary=zz", body))
                .containsExactly("part 0 (files): content type expected 'image/png' but got 'application/octet-stream'");
        assertThat(RequestAssertions.defaults().multipartDifferences(expected, "multipart/form-data; boundary=other", body))
                .singleElement().asString().startsWith("multipart body: the body does not contain the boundary");
    }
}
