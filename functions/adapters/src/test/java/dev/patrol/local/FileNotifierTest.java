package dev.patrol.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.alert.Alert;
import dev.patrol.alert.DeliveryException;
import dev.patrol.alert.Severity;
import dev.patrol.alert.Transition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FileNotifierTest {
    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void appendsOneJsonObjectPerLineCreatingTheFolder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".patrol/alerts.jsonl");
        FileNotifier notifier = new FileNotifier(file);

        notifier.deliver(alert("backend", Transition.DOWN, "status was 503\nsecond line"));
        notifier.deliver(alert("backend", Transition.UP, "status 200 again"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("time").asString()).isEqualTo("2026-11-22T09:00:00Z");
        assertThat(first.get("job").asString()).isEqualTo("health");
        assertThat(first.get("target").asString()).isEqualTo("backend");
        assertThat(first.get("kind").asString()).isEqualTo("endpoint");
        assertThat(first.get("transition").asString()).isEqualTo("down");
        assertThat(first.get("severity").asString()).isEqualTo("P1");
        assertThat(first.get("title").asString()).isEqualTo("backend DOWN");
        assertThat(first.get("text").asString()).isEqualTo("status was 503\nsecond line");
        assertThat(json.readTree(lines.get(1)).get("transition").asString()).isEqualTo("up");
    }

    @Test
    void keepsWhatTheFileAlreadyHeld(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");

        new FileNotifier(file).deliver(alert("db", Transition.NEW, "x"));

        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"earlier\":true}");
    }

    @Test
    void concurrentWritersNeverInterleaveLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        int writers = 4, each = 50;
        String big = "y".repeat(20_000); // lines larger than any single buffered write
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String target = "target-" + w;
                FileNotifier own = new FileNotifier(file); // separate instances, as separate jobs would have
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) own.deliver(alert(target, Transition.DOWN, i + ":" + big));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(writers * each);
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            JsonNode node = json.readTree(line); // throws if two lines were mixed
            seen.add(node.get("target").asString() + "/" + node.get("text").asString().split(":")[0]);
        }
        assertThat(seen).hasSize(writers * each);
    }

    @Test
    void anUnwritablePlaceIsADeliveryFailureNamingTheFile(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "a file where a folder should be");
        Path file = blocker.resolve("alerts.jsonl");

        assertThatThrownBy(() -> new FileNotifier(file).deliver(alert("x", Transition.DOWN, "y")))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("alerts.file");
    }

    private static Alert alert(String target, Transition transition, String text) {
        // Each alert its own id, as the pipeline gives them: the file keeps one line per id.
        return new Alert("id-" + target + "-" + IDS.incrementAndGet(), "health", target, "endpoint", transition, Severity.P1,
                Instant.parse("2026-11-22T09:00:00Z"), target + " " + transition.word(), text, Map.of("k", "v"), null);
    }

    @Test
    void aRedeliveryAfterAKillBetweenWriteAndMarkDoesNotWriteTheAlertTwice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        FileNotifier notifier = new FileNotifier(file);
        Alert down = alert("backend", Transition.DOWN, "status was 503");
        Alert other = alert("db", Transition.DOWN, "a text that mentions \"id\":\"" + down.id() + "\"");
        notifier.deliver(other);
        notifier.deliver(down); // written; then the run was killed before the outbox marked it

        notifier.redeliver(down);
        notifier.redeliver(alert("cache", Transition.DOWN, "never written before"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines).filteredOn(l -> json.readTree(l).get("id").asString().equals(down.id())).hasSize(1);
        assertThat(json.readTree(lines.get(2)).get("target").asString()).isEqualTo("cache");
    }

    @Test
    void aFirstDeliveryOfAnAlertTheFileAlreadyHoldsIsNotWrittenAgainEvenWhenAnotherProcessWroteIt(@TempDir Path dir) throws Exception {
        // The outbox may lose the claim that marks a send as a repeat (state written just before a kill): the file decides.
        Path file = dir.resolve("alerts.jsonl");
        FileNotifier notifier = new FileNotifier(file);
        Alert down = alert("backend", Transition.DOWN, "status was 503");
        notifier.deliver(down);
        notifier.deliver(down);
        Alert byOther = alert("db", Transition.DOWN, "written by another patrol process");
        Files.writeString(file, notifier.line(byOther) + "\n", java.nio.file.StandardOpenOption.APPEND);

        notifier.deliver(byOther);
        assertThat(Files.readAllLines(file)).hasSize(2);

        Files.writeString(file, ""); // rotated away: what it held is no longer there
        notifier.deliver(down);
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void aLineCutShortByAKillDoesNotSwallowTheNextOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        Files.writeString(file, "{\"time\":\"2026-11-22T09:00:00Z\",\"job\":\"hea");

        new FileNotifier(file).deliver(alert("db", Transition.NEW, "x"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(json.readTree(lines.get(1)).get("target").asString()).isEqualTo("db");
    }

    @Test
    void allTheAlertsOfOneDeliveryGoInOneAppendInTheirOrderEachIdOnceEvenAfterAKill(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        Files.writeString(file, "{\"time\":\"2026-11-22T09:00:00Z\",\"job\":\"hea"); // a line cut short by a kill
        FileNotifier notifier = new FileNotifier(file);
        Alert a = alert("a", Transition.DOWN, "x");
        Alert b = alert("b", Transition.DOWN, "y");
        Alert c = alert("c", Transition.DOWN, "z");
        notifier.deliver(b); // written by a run killed before the outbox marked it

        notifier.deliverAll(List.of(a, b, c, a));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(1, 4)).extracting(l -> json.readTree(l).get("target").asString()).containsExactly("b", "a", "c");
        notifier.deliverAll(List.of(c, b, a));
        assertThat(new FileNotifier(file).takesAll()).isTrue();
        assertThat(Files.readAllLines(file)).as("a repeat adds nothing").hasSize(4);
    }
}
