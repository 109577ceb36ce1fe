package dev.patrol.local;

import dev.patrol.alert.Alert;
import dev.patrol.alert.DeliveryException;
import dev.patrol.alert.Notifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
 * target, kind, transition, severity, title, text, id}, for people to tail and for
 * scripts to read. {@code id} is the alert's id, the same on every channel.
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
        append(alert, false);
    }

    /**
     * Appends the alert unless a line with its id is already in the file: the run that wrote
     * it was killed before the outbox could mark it delivered. So the file gets each alert
     * exactly once, however a run ends.
     */
    @Override
    public void redeliver(Alert alert) throws DeliveryException {
        append(alert, true);
    }

    private void append(Alert alert, boolean unlessWritten) throws DeliveryException {
        byte[] text = (line(alert) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
            try {
                Path parent = file.getParent();
                if (parent != null) Files.createDirectories(parent);
                try (FileChannel channel = FileChannel.open(file,
                        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                     FileLock lock = channel.lock()) {
                    if (unlessWritten && holds(channel, idField(alert))) return;
                    long end = channel.size();
                    // A line cut short by a kill (disk full, power) would swallow the next one: end it first.
                    ByteBuffer out = ByteBuffer.wrap(endsLine(channel, end) ? text : concat(NEWLINE, text));
                    while (out.hasRemaining()) end += channel.write(out, end);
                    channel.force(false);
                }
            } catch (IOException e) {
                throw new DeliveryException("could not append the alert to " + file + " (" + dev.patrol.text.ProblemWords.describe(e)
                        + "): check that the folder is writable, or set alerts.file in patrol.yml", e);
            }
        }
    }

    private static final byte[] NEWLINE = {'\n'};

    private static boolean endsLine(FileChannel channel, long size) throws IOException {
        if (size == 0) return true;
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code "id":"…"} as it appears in a line: JSON-escaped, so no text field can imitate it. */
    private String idField(Alert alert) {
        return "\"id\":" + json.writeValueAsString(alert.id());
    }

    private static boolean holds(FileChannel channel, String field) throws IOException {
        // Not closed: closing the reader would close the channel and drop the lock.
        BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel.position(0)),
                StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.contains(field)) return true;
        }
        return false;
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
        node.put("id", alert.id());
        return json.writeValueAsString(node);
    }
}
