package dev.patrol.local;

import dev.patrol.alert.Alert;
import dev.patrol.alert.DeliveryException;
import dev.patrol.alert.Notifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * <p>Each line (or all the lines of one {@link #deliverAll}) goes out in one write under an exclusive file lock, then
 * is forced to disk before {@link #deliver} returns: the outbox counts the alert as
 * delivered at that point, so it must not sit in a cache. The lock keeps lines of
 * two Patrol processes (a scheduled run and a manual one) from interleaving;
 * within this JVM a per-file monitor does the same, because the JVM refuses a
 * second lock on a file it already holds.
 *
 * <p>Every append, first delivery or not, skips an alert whose id the file already
 * holds. The outbox's claim says when a send may be a repeat, but the claim is
 * state, and state written just before a kill is not always there when the next
 * run reads it; the file itself is the only record that cannot disagree with the
 * file. The ids are read once per process and then only what was appended since
 * ({@link WrittenIds}), so the check costs one read of the file, not one per alert.
 */
public final class FileNotifier implements Notifier {

    private static final ConcurrentMap<Path, WrittenIds> IN_PROCESS = new ConcurrentHashMap<>();

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
        append(alert);
    }

    /**
     * Appends the alert unless a line with its id is already in the file: the run that wrote
     * it was killed before the outbox could mark it delivered. So the file gets each alert
     * exactly once, however a run ends.
     */
    @Override
    public void redeliver(Alert alert) throws DeliveryException {
        append(alert);
    }

    /** One write and one force for all of them (forcing each line alone cost most of a run's delivery), each id still once. */
    @Override
    public boolean takesAll() {
        return true;
    }

    @Override
    public void deliverAll(List<Alert> alerts) throws DeliveryException {
        append(alerts);
    }

    private void append(Alert alert) throws DeliveryException {
        append(List.of(alert));
    }

    private void append(List<Alert> alerts) throws DeliveryException {
        if (alerts.isEmpty()) return;
        WrittenIds written = IN_PROCESS.computeIfAbsent(file, f -> new WrittenIds());
        synchronized (written) {
            try {
                Path parent = file.getParent();
                if (parent != null) Files.createDirectories(parent);
                try (FileChannel channel = FileChannel.open(file,
                        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                     FileLock lock = channel.lock()) {
                    long end = channel.size();
                    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
                    Set<String> ids = new LinkedHashSet<>();
                    for (Alert alert : alerts) {
                        if (written.holds(channel, end, alert.id()) || !ids.add(alert.id())) continue;
                        text.writeBytes((line(alert) + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    if (ids.isEmpty()) return;
                    // A line cut short by a kill (disk full, power) would swallow the next one: end it first.
                    if (!endsLine(channel, end)) text = prefixed(NEWLINE, text);
                    ByteBuffer out = ByteBuffer.wrap(text.toByteArray());
                    while (out.hasRemaining()) end += channel.write(out, end);
                    channel.force(false);
                    written.add(ids, end);
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

    private static java.io.ByteArrayOutputStream prefixed(byte[] prefix, java.io.ByteArrayOutputStream rest) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(prefix.length + rest.size());
        out.writeBytes(prefix);
        out.writeBytes(rest.toByteArray());
        return out;
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

    /**
     * The ids of the lines in the file, as far as this process has read it. Read on from where it stopped, under the
     * file lock, so lines other processes appended are seen; a file that got shorter (rotated, truncated) is read
     * again from its start. Only whole lines count: a line cut short by a kill has no id worth trusting.
     */
    private static final class WrittenIds {
        private final Set<String> ids = new java.util.HashSet<>();
        private long readTo;

        boolean holds(FileChannel channel, long size, String id) throws IOException {
            if (size < readTo) {
                ids.clear();
                readTo = 0;
            }
            if (size > readTo) readOn(channel, size);
            return ids.contains(id);
        }

        void add(Set<String> added, long end) {
            ids.addAll(added);
            readTo = end;
        }

        private void readOn(FileChannel channel, long size) throws IOException {
            // Not closed: closing the reader would close the channel and drop the lock.
            java.io.InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel.position(readTo)), 1 << 16);
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
            long at = readTo;
            for (int b; at < size && (b = in.read()) >= 0; at++) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String id = idOf(line.toString(StandardCharsets.UTF_8));
                if (id != null) ids.add(id);
                line.reset();
                readTo = at + 1;
            }
        }

        /** The line's {@code "id"} field; it is written last, so its last {@code "id":} is the field, whatever the text says. */
        private static String idOf(String line) {
            int at = line.lastIndexOf("\"id\":\"");
            if (at < 0) return null;
            int from = at + 6;
            int to = line.indexOf('"', from);
            return to < 0 ? null : line.substring(from, to);
        }
    }
}
