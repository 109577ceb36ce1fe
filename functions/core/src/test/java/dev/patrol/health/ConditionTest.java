package dev.patrol.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each form of condition in {@link Condition}'s javadoc, met and failed, and the ones refused when the config is read. */
class ConditionTest {
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

    private static final String HEALTHY = """
            {"status":"healthy","version":"1.4.2","uptime":3600,"ratio":0.75,"ready":true,
             "checks":{"database":{"status":"healthy","latencyMs":12},"cache":{"status":"degraded"}},
             "items":[{"name":"first"},{"name":"second"}],"empty":[],"nothing":null}""";
    private static final String UNHEALTHY = """
            {"status":"unhealthy","checks":{"database":{"status":"down"}},"items":[]}""";

    private static HttpAnswer json(int status, String body) {
        return new HttpAnswer(status, Duration.ofMillis(120), Map.of("Content-Type", List.of("application/json; charset=utf-8")), body, null);
    }

    private static HttpAnswer text(int status, String body) {
        return new HttpAnswer(status, Duration.ofMillis(120), Map.of("Content-Type", List.of("text/plain")), body, null);
    }

    private static HttpAnswer took(long millis) {
        return new HttpAnswer(200, Duration.ofMillis(millis), Map.of(), "", null);
    }

    private static HttpAnswer certExpiringIn(Duration left) {
        return new HttpAnswer(200, Duration.ofMillis(50), Map.of(), "", NOW.plus(left));
    }

    private static Condition.Verdict check(String condition, HttpAnswer answer) {
        return Condition.parse(condition).evaluate(answer, NOW);
    }

    static Stream<Arguments> met() {
        return Stream.of(
                Arguments.of("status == 200", json(200, HEALTHY)),
                Arguments.of("status < 500", json(404, "")),
                Arguments.of("status != 503", json(200, "")),
                Arguments.of("status >= 200", json(204, "")),
                Arguments.of("status <= 299", json(299, "")),
                Arguments.of("status==200", json(200, "")),
                Arguments.of("responseTime < 800ms", took(799)),
                Arguments.of("responseTime <= 1s", took(1000)),
                Arguments.of("responseTime < 800", took(120)),
                Arguments.of("body.status == healthy", json(200, HEALTHY)),
                Arguments.of("body.status == \"healthy\"", json(200, HEALTHY)),
                Arguments.of("body.status != unhealthy", json(200, HEALTHY)),
                Arguments.of("body.checks.database.status == healthy", json(200, HEALTHY)),
                Arguments.of("body.checks.database.latencyMs < 100", json(200, HEALTHY)),
                Arguments.of("body.items[1].name == second", json(200, HEALTHY)),
                Arguments.of("body.uptime > 60", json(200, HEALTHY)),
                Arguments.of("body.uptime == 3600", json(200, HEALTHY)),
                Arguments.of("body.ratio >= 0.5", json(200, HEALTHY)),
                Arguments.of("body.ready == true", json(200, HEALTHY)),
                Arguments.of("body.version matches \"^1\\.\\d+\"", json(200, HEALTHY)),
                Arguments.of("body.checks.cache.status contains grad", json(200, HEALTHY)),
                Arguments.of("body.missing != healthy", json(200, HEALTHY)),
                Arguments.of("body contains \"ok\"", text(200, "all ok here")),
                Arguments.of("body contains 'ok'", text(200, "ok")),
                Arguments.of("body not contains error", text(200, "all fine")),
                Arguments.of("body == OK", text(200, "OK")),
                Arguments.of("body matches \"^OK\"", text(200, "OK: 3 workers")),
                Arguments.of("header.Content-Type contains json", json(200, "{}")),
                Arguments.of("header.content-type contains json", json(200, "{}")),
                Arguments.of("header.X-Missing != anything", json(200, "{}")),
                Arguments.of("header.X-Missing not contains debug", json(200, "{}")),
                Arguments.of("cert.expiresIn > 14d", certExpiringIn(Duration.ofDays(30))),
                Arguments.of("len(body.items) > 0", json(200, HEALTHY)),
                Arguments.of("len(body.items) == 2", json(200, HEALTHY)),
                Arguments.of("len(body.empty) == 0", json(200, HEALTHY)),
                Arguments.of("len(body.status) == 7", json(200, HEALTHY)),
                Arguments.of("len(body) > 10", json(200, HEALTHY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("met")
    void is_met(String condition, HttpAnswer answer) {
        assertThat(check(condition, answer).ok()).as(check(condition, answer).observed()).isTrue();
    }

    static Stream<Arguments> failed() {
        return Stream.of(
                Arguments.of("status == 200", json(503, UNHEALTHY), "status was 503"),
                Arguments.of("status < 500", json(502, ""), "status was 502"),
                Arguments.of("responseTime < 800ms", took(950), "responseTime was 950ms"),
                Arguments.of("body.status == healthy", json(503, UNHEALTHY), "body.status was \"unhealthy\""),
                Arguments.of("body.checks.database.status == healthy", json(503, UNHEALTHY), "body.checks.database.status was \"down\""),
                Arguments.of("body.checks.queue.status == healthy", json(200, HEALTHY), "body.checks.queue.status is missing"),
                Arguments.of("body.status == healthy", text(502, "<html>Bad Gateway</html>"), "body is not JSON (\"<html>Bad Gateway</html>\")"),
                Arguments.of("body.uptime > 7200", json(200, HEALTHY), "body.uptime was 3600"),
                Arguments.of("body.status > 3", json(200, HEALTHY), "body.status was \"healthy\", not a number"),
                Arguments.of("body.nothing == healthy", json(200, HEALTHY), "body.nothing"),
                Arguments.of("body contains \"ok\"", text(500, "Internal Server Error"), "body was \"Internal Server Error\""),
                Arguments.of("body not contains error", text(200, "one error found"), "body was \"one error found\""),
                Arguments.of("body matches \"^OK\"", text(200, "NOT OK"), "body was \"NOT OK\""),
                Arguments.of("header.Content-Type contains json", text(200, "x"), "header.Content-Type was \"text/plain\""),
                Arguments.of("header.X-Version == 2", json(200, "{}"), "header.X-Version is missing"),
                Arguments.of("cert.expiresIn > 14d", certExpiringIn(Duration.ofDays(3)), "certificate expires in 3d"),
                Arguments.of("cert.expiresIn > 14d", certExpiringIn(Duration.ofDays(-2)), "(already expired)"),
                Arguments.of("cert.expiresIn > 14d", json(200, "{}"), "no TLS certificate"),
                Arguments.of("len(body.items) > 0", json(200, UNHEALTHY), "len(body.items) was 0"),
                Arguments.of("len(body.workers) > 0", json(200, UNHEALTHY), "body.workers is missing"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("failed")
    void fails_naming_what_was_observed(String condition, HttpAnswer answer, String observed) {
        Condition.Verdict v = check(condition, answer);

        assertThat(v.ok()).isFalse();
        assertThat(v.observed()).contains(observed);
    }

    @Test
    void a_long_body_is_shortened_in_the_message() {
        String body = "x".repeat(5000);

        Condition.Verdict v = check("body contains ok", text(200, body));

        assertThat(v.observed()).hasSizeLessThan(100).endsWith("...\"");
    }

    @Test
    void a_condition_keeps_its_parts() {
        Condition c = Condition.parse("  header.Content-Type   not contains   \"html\" ");

        assertThat(c.subject()).isEqualTo("header.Content-Type");
        assertThat(c.op()).isEqualTo(Condition.Op.NOT_CONTAINS);
        assertThat(c.expected()).isEqualTo("html");
        assertThat(c).hasToString("header.Content-Type   not contains   \"html\"");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", "is empty"),
                Arguments.of("status = 200", "has no operator"),
                Arguments.of("== 200", "has no operator"),
                Arguments.of("status ==", "has nothing after \"==\""),
                Arguments.of("status == ok", "use a 3-digit HTTP status"),
                Arguments.of("status == 2000", "use a 3-digit HTTP status"),
                Arguments.of("status contains 200", "uses \"contains\" with status"),
                Arguments.of("responseTime < fast", "use a duration like 800ms"),
                Arguments.of("responseTime matches 1s", "uses \"matches\" with responseTime"),
                Arguments.of("cert.expiresIn > two weeks", "use a duration"),
                Arguments.of("len(body.items) > some", "use a whole number"),
                Arguments.of("body matches \"[unclosed\"", "has a bad regular expression"),
                Arguments.of("body.count > many", "uses > with \"many\", which is not a number"),
                Arguments.of("latency < 800ms", "\"latency\" is not something Patrol can check"),
                Arguments.of("header. == x", "is not something Patrol can check"),
                Arguments.of("headers.Content-Type contains json", "is not something Patrol can check"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void is_refused_when_read(String condition, String says) {
        assertThatThrownBy(() -> Condition.parse(condition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(says);
    }
}
