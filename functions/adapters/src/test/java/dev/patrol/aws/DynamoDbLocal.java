package dev.patrol.aws;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local for tests, in this JVM, in memory, on a loopback port the OS
 * picks. One server serves the whole test run (it takes about a second to start);
 * each test gets its own table through {@link #newStore()} or {@link #newTable()},
 * so tests stay independent.
 *
 * <p>Use it as a JUnit extension that injects itself:
 * <pre>{@code
 * @ExtendWith(DynamoDbLocal.Extension.class)
 * class MyTest {
 *     @Test void works(DynamoDbLocal db) { StateStore store = db.newStore(); ... }
 * }
 * }</pre>
 * This class ships in the adapters test-jar, so the CLI's tests use the same server.
 */
public final class DynamoDbLocal implements AutoCloseable {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final AwsClients clients;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.clients = AwsClients.local(endpoint);
    }

    /**
     * Starts a server. {@code -sharedDb} makes every credential and region see the
     * same tables, as a test that builds its own client expects. The port given
     * here is a placeholder (DynamoDB Local refuses 0): the connector is switched
     * to port 0 before it starts, so the OS picks a free one and no two test JVMs
     * can race for the same port.
     */
    public static DynamoDbLocal start() {
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-port", "8000", "-disableTelemetry", "-inMemory", "-sharedDb"});
            Object connector = loopbackConnector(server);
            server.start();
            int port = (int) connector.getClass().getMethod("getLocalPort").invoke(connector);
            return new DynamoDbLocal(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("could not start DynamoDB Local: " + e, e);
        }
    }

    /**
     * DynamoDB Local has no option for the interface it listens on and takes all of
     * them. Tests must stay on loopback, so its Jetty connector is told so (and
     * given port 0) before it starts. Reflection keeps this free of a compile-time Jetty version; a
     * DynamoDB Local upgrade that moves the field fails here, loudly.
     */
    private static Object loopbackConnector(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Object jetty = field.get(proxy);
        Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
        Object connector = connectors[0];
        connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
        connector.getClass().getMethod("setPort", int.class).invoke(connector, 0);
        return connector;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** SDK clients pointed at this server with placeholder credentials. */
    public AwsClients clients() {
        return clients;
    }

    /** A new, empty Patrol table (on-demand, TTL on expiresAt); returns its name. */
    public String newTable() {
        String table = "patrol-test-" + TABLES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        new DynamoDbStateStore(clients.dynamoDb(), table).createTableIfMissing();
        return table;
    }

    /** A store on a new, empty table. */
    public DynamoDbStateStore newStore() {
        return new DynamoDbStateStore(clients.dynamoDb(), newTable());
    }

    @Override
    public void close() throws Exception {
        clients.close();
        server.stop();
    }

    /** Starts one server for the whole test run (stopped when JUnit ends) and injects it as a parameter. */
    public static final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbLocal.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == DynamoDbLocal.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return shared(context);
        }

        public static DynamoDbLocal shared(ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE)
                    .computeIfAbsent("server", key -> DynamoDbLocal.start(), DynamoDbLocal.class);
        }
    }
}
