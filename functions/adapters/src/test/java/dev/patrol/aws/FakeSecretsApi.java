package dev.patrol.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Secrets Manager's GetSecretValue and SSM's GetParameter on
 * 127.0.0.1, speaking their AWS JSON 1.1 protocol as the SDK sends and reads it
 * ({@code X-Amz-Target} picks the operation; errors are {@code __type} plus
 * {@code message}). Only these two operations exist: no local implementation of
 * either service is available here without Docker (LocalStack runs the same test
 * cases where Docker exists).
 */
final class FakeSecretsApi implements AutoCloseable {
    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    FakeSecretsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void secret(String name, String value) {
        secrets.put(name, value);
    }

    void parameter(String name, String value) {
        parameters.put(name, value);
    }

    /** Requests for this secret or parameter answer AccessDeniedException. */
    void forbid(String name) {
        forbidden.add(name);
    }

    /** "GetSecretValue patrol/github", "GetParameter /patrol/token decrypt=true", in order. */
    List<String> calls() {
        return calls;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
        try {
            switch (target) {
                case "secretsmanager.GetSecretValue" -> {
                    String id = request.get("SecretId").asString();
                    calls.add("GetSecretValue " + id);
                    if (forbidden.contains(id)) {
                        error(exchange, "AccessDeniedException", "User: arn:aws:iam::000000000000:user/ci is not authorized to perform: secretsmanager:GetSecretValue");
                    } else if (!secrets.containsKey(id)) {
                        error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                    } else {
                        ObjectNode out = json.createObjectNode()
                                .put("ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + id + "-AbCdEf")
                                .put("Name", id)
                                .put("SecretString", secrets.get(id))
                                .put("VersionId", "v1")
                                .put("CreatedDate", 1.7e9);
                        out.putArray("VersionStages").add("AWSCURRENT");
                        reply(exchange, 200, out);
                    }
                }
                case "AmazonSSM.GetParameter" -> {
                    String name = request.get("Name").asString();
                    calls.add("GetParameter " + name + " decrypt=" + request.path("WithDecryption").asBoolean(false));
                    if (forbidden.contains(name)) {
                        error(exchange, "AccessDeniedException", "not authorized to perform: ssm:GetParameter");
                    } else if (!parameters.containsKey(name)) {
                        error(exchange, "ParameterNotFound", "");
                    } else {
                        ObjectNode out = json.createObjectNode();
                        out.putObject("Parameter")
                                .put("Name", name)
                                .put("Type", "SecureString")
                                .put("Value", parameters.get(name))
                                .put("Version", 1)
                                .put("ARN", "arn:aws:ssm:us-east-1:000000000000:parameter" + name);
                        reply(exchange, 200, out);
                    }
                }
                default -> error(exchange, "UnknownOperationException", "not served by this stand-in: " + target);
            }
        } finally {
            exchange.close();
        }
    }

    private void error(HttpExchange exchange, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        reply(exchange, 400, json.createObjectNode().put("__type", type).put("message", message));
    }

    private void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] out = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
