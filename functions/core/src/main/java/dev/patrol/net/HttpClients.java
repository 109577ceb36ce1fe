package dev.patrol.net;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The HTTP clients this process built, so that a command can shut them down before it exits.
 * Each client keeps a selector thread waiting in native code (epoll), and the JVM's exit waits
 * up to 0.3 s for threads in native code to stop before it gives up on them: measured, every
 * {@code patrol run health} spent 0.30 s between {@code System.exit} and the end of the process.
 */
public final class HttpClients {
    /** Weak: a client nobody uses any more (a Lambda's earlier invocation) is not kept for this. */
    private static final Set<HttpClient> BUILT = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private HttpClients() {}

    /** Builds the client and remembers it for {@link #shutDownAll}. */
    public static HttpClient build(HttpClient.Builder builder) {
        HttpClient client = builder.build();
        BUILT.add(client);
        return client;
    }

    /**
     * Stops every client built so far, abandoning what they still have open (the process is about to end,
     * its work done), and waits up to {@code wait} in all for their threads to end.
     */
    public static void shutDownAll(Duration wait) {
        List<HttpClient> clients;
        synchronized (BUILT) {
            clients = new ArrayList<>(BUILT);
            BUILT.clear();
        }
        clients.forEach(HttpClient::shutdownNow);
        long until = System.nanoTime() + wait.toNanos();
        for (HttpClient c : clients) {
            try {
                if (!c.awaitTermination(Duration.ofNanos(Math.max(1, until - System.nanoTime())))) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
