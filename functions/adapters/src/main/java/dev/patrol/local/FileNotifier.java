package dev.patrol.local;

import dev.patrol.alert.Alert;
import dev.patrol.alert.DeliveryException;
import dev.patrol.alert.Notifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alerts as JSON lines in a file ({@code alerts.file}, by default
 * {@code .patrol/alerts.jsonl}): one object per alert with {@code time, job,
 * target, kind, transition, severity, title, text}, for people to tail and for
 * scripts to read.
 *
 * <p>Each line goes out in one write under an exclusive file lock, then is forced
 * to disk before {@link #deliver} returns: the outbox counts the alert as
 * delivered at that point, so it must not sit in a cache. The lock keeps lines of
 * two Patrol processes (a scheduled run and a manual one) from interleaving;
 * within this JVM a per-file monitor does the same, because the JVM refuses a
 * second lock on a file it already holds.
 */
public final class FileNotifier implements Notifier {

    private static final ConcurrentMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    public FileNotifier(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    @Override
    public String channel() {
        return "file";
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        ByteBuffer line = ByteBuffer.wrap((line(alert) + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
            try {
                Path parent = file.getParent();
                if (parent != null) Files.createDirectories(parent);
                try (FileChannel channel = FileChannel.open(file,
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                     FileLock lock = channel.lock()) {
                    while (line.hasRemaining()) channel.write(line);
                    channel.force(false);
                }
            } catch (IOException e) {
                throw new DeliveryException("could not append the alert to " + file + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + "): check that the folder is writable, or set alerts.file in patrol.yml", e);
            }
        }
    }

    /** One JSON object, no line breaks (JSON escapes those inside strings). */
    String line(Alert alert) {
        ObjectNode node = json.createObjectNode();
        node.put("time", alert.time() == null ? null : alert.time().toString());
        node.put("job", alert.job());
        node.put("target", alert.target());
        node.put("kind", alert.kind());
        node.put("transition", alert.transition().id());
        node.put("severity", alert.severity().name());
        node.put("title", alert.title());
        node.put("text", alert.text());
        return json.writeValueAsString(node);
    }
}
