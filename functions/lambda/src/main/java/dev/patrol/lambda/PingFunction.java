package dev.patrol.lambda;

import dev.patrol.health.Pings;
import dev.patrol.lambda.ping.FunctionUrlRequest;
import dev.patrol.lambda.ping.HeartbeatTokens;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The heartbeat endpoint behind a Lambda function URL:
 * {@code /ping/{name}}, {@code /ping/{name}/start}, {@code /ping/{name}/fail},
 * {@code /ping/{name}/{exit code}} (0 success, 1-255 failure, as Healthchecks.io),
 * with the heartbeat's token as {@code Authorization: Bearer} or {@code ?token=}.
 * A POST body is the job's message, kept up to 10 KB.
 *
 * <p>Answers: 200 when recorded; 401 when no token was sent at all; 404 for an
 * unknown heartbeat and for a wrong token alike, so the answer never tells
 * which heartbeats exist. The token never reaches a log line.
 */
final class PingFunction extends LambdaFunction {
    private static final Logger log = LoggerFactory.getLogger(PingFunction.class);
    private static final Pattern ROUTE = Pattern.compile("^/ping/([A-Za-z0-9._-]{1,128})(?:/(start|fail|\\d{1,3}))?/?$");
    private static final Set<String> METHODS = Set.of("GET", "POST", "HEAD");

    private final Container container;
    private final Lazy<HeartbeatTokens> tokens;

    PingFunction(Container container) {
        super("ping");
        this.container = container;
        this.tokens = Lazy.of(() -> new HeartbeatTokens(
                container.runtime().get().config().health().heartbeats(), container.runtime().get().secrets()));
    }

    @Override
    Message<byte[]> handle(byte[] payload, Invocation invocation) {
        FunctionUrlRequest request = FunctionUrlRequest.parse(payload);
        Matcher route = ROUTE.matcher(request.path());
        if (!route.matches()) return reply(404, "not found");
        if (!METHODS.contains(request.method())) return reply(405, "use GET or POST");
        var token = request.token();
        if (token.isEmpty()) return reply(401, "token required");
        String name = route.group(1);
        if (!tokens.get().accepts(name, token.get())) {
            log.info("ping refused: unknown heartbeat or wrong token");
            return reply(404, "not found");
        }
        String suffix = route.group(2);
        Integer exitCode = suffix != null && Character.isDigit(suffix.charAt(0)) ? Integer.valueOf(suffix) : null;
        if (exitCode != null && exitCode > 255) return reply(400, "an exit code is 0 to 255");
        var kind = suffix == null ? Pings.Kind.OK
                : exitCode != null ? (exitCode == 0 ? Pings.Kind.OK : Pings.Kind.FAIL)
                : Pings.Kind.valueOf(suffix.toUpperCase(Locale.ROOT));
        String message = "POST".equals(request.method()) ? request.body() : null;
        Instant at = container.clock().instant();
        // The same items `patrol ping` writes, which the health job reads.
        new Pings(container.runtime().get().state()).record(name, kind, at, exitCode, message);
        log.info("heartbeat {} pinged: {}", name, kind.id());
        ObjectNode body = JsonMapper.shared().createObjectNode().put("ok", true)
                .put("heartbeat", name).put("kind", kind.id()).put("at", at.toString());
        if (exitCode != null) body.put("exitCode", exitCode);
        return reply(200, body);
    }

    private static Message<byte[]> reply(int status, String error) {
        return reply(status, JsonMapper.shared().createObjectNode().put("ok", false).put("error", error));
    }

    /** A function URL response (payload format 2.0): status, headers and the JSON body as a string. */
    private static Message<byte[]> reply(int status, ObjectNode body) {
        ObjectNode response = JsonMapper.shared().createObjectNode().put("statusCode", status);
        ObjectNode headers = response.putObject("headers").put("content-type", "application/json");
        if (status == 401) headers.put("www-authenticate", "Bearer");
        return json(response.put("body", body.toString()).put("isBase64Encoded", false));
    }
}
