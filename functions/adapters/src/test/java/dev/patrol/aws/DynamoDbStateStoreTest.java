package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore.Write;
import dev.patrol.state.StateUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@link DynamoDbStateStore} against DynamoDB Local on loopback: the same engine the embedded state uses. */
@ExtendWith(DynamoDbLocal.Extension.class)
class DynamoDbStateStoreTest {

    @Test
    void putStoresTheNextVersionAndGetReadsItBack(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        Instant expiry = Instant.parse("2099-01-01T00:00:00.250Z");

        StateItem written = store.put(StateItem.of("target#backend", "current", "{\"status\":\"down\"}").expiringAt(expiry), Expect.ABSENT);

        assertThat(written.version()).isEqualTo(1);
        // TTL keeps whole seconds; rounding up means nothing expires early.
        assertThat(written.expiresAt()).isEqualTo(Instant.parse("2099-01-01T00:00:01Z"));
        assertThat(store.get("target#backend", "current")).contains(written);
        assertThat(store.get("target#backend", "other")).isEmpty();
    }

    @Test
    void aSecondCreateOfTheSameItemFails(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        store.put(StateItem.of("finding#abc", "open", "{}"), Expect.ABSENT);

        assertThatThrownBy(() -> store.put(StateItem.of("finding#abc", "open", "{\"again\":true}"), Expect.ABSENT))
                .isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("finding#abc");
        assertThat(store.get("finding#abc", "open").orElseThrow().data()).isEqualTo("{}");
    }

    @Test
    void ofWritersHoldingTheSameVersionExactlyOneWins(DynamoDbLocal db) throws Exception {
        DynamoDbStateStore store = db.newStore();
        StateItem base = store.put(StateItem.of("target#api", "current", "{\"n\":0}"), Expect.ABSENT);
        int writers = 6;
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String data = "{\"writer\":" + i + "}";
            tasks.add(() -> {
                go.await();
                try {
                    store.put(base.withData(data), Expect.version(base.version()));
                    return data;
                } catch (ConditionFailedException lost) {
                    return null;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<String>> results = tasks.stream().map(pool::submit).toList();
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> result : results) {
                String won = result.get();
                if (won != null) winners.add(won);
            }
            assertThat(winners).hasSize(1);
            StateItem stored = store.get("target#api", "current").orElseThrow();
            assertThat(stored.data()).isEqualTo(winners.getFirst());
            assertThat(stored.version()).isEqualTo(base.version() + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLeaseIsHeldUntilItExpiresThenCanBeTaken(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        Instant now = Instant.now();
        StateItem lease = StateItem.of("lease#health", "lease", "{\"runId\":\"first\"}").expiringAt(now.plusSeconds(60));

        store.put(lease, Expect.absentOrExpired(now));

        StateItem second = StateItem.of("lease#health", "lease", "{\"runId\":\"second\"}").expiringAt(now.plusSeconds(120));
        assertThatThrownBy(() -> store.put(second, Expect.absentOrExpired(now.plusSeconds(59))))
                .isInstanceOf(ConditionFailedException.class);
        // Once the first lease has run out, the second run takes it over.
        store.put(second, Expect.absentOrExpired(now.plusSeconds(61)));
        DynamoDbStateStore later = new DynamoDbStateStore(db.clients().dynamoDb(), store.table(),
                Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC));
        assertThat(later.get("lease#health", "lease").orElseThrow().data()).contains("second");
    }

    @Test
    void anExpiredItemIsInvisibleBeforeTheTtlSweepRemovesIt(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        Instant past = Instant.now().minusSeconds(5);
        store.put(StateItem.of("ping#nightly", "2026-01-01", "{}").expiringAt(past), Expect.ANYTHING);
        store.put(StateItem.of("ping#nightly", "2026-01-02", "{}"), Expect.ANYTHING);

        assertThat(store.get("ping#nightly", "2026-01-01")).isEmpty();
        assertThat(store.query("ping#nightly", "2026-")).extracting(StateItem::sk).containsExactly("2026-01-02");
        // Still stored, but a lease-style write treats it as gone.
        store.put(StateItem.of("ping#nightly", "2026-01-01", "{\"again\":1}"), Expect.absentOrExpired(Instant.now()));
        assertThat(store.get("ping#nightly", "2026-01-01")).isPresent();
    }

    @Test
    void queryReturnsOnlyThePrefixInSortKeyOrderAcrossPages(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        // Six items of 300 KB exceed DynamoDB's 1 MB page, so the result needs several pages.
        String big = "\"" + "x".repeat(300_000) + "\"";
        for (int i = 5; i >= 0; i--) store.put(StateItem.of("history#backend", "run#" + i, big), Expect.ANYTHING);
        store.put(StateItem.of("history#backend", "other#1", "{}"), Expect.ANYTHING);
        store.put(StateItem.of("history#frontend", "run#9", "{}"), Expect.ANYTHING);

        List<StateItem> runs = store.query("history#backend", "run#");

        assertThat(runs).extracting(StateItem::sk).containsExactly("run#0", "run#1", "run#2", "run#3", "run#4", "run#5");
        assertThat(runs.getFirst().data()).hasSize(big.length());
        assertThat(store.query("history#backend", "")).hasSize(7);
        assertThat(store.query("history#nobody", "run#")).isEmpty();
    }

    @Test
    void putAllWritesNothingWhenOneConditionFails(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        store.put(StateItem.of("outbox", "alert#1", "{}"), Expect.ABSENT);

        List<Write> batch = List.of(
                Write.put(StateItem.of("target#a", "current", "{\"status\":\"down\"}"), Expect.ABSENT),
                Write.put(StateItem.of("outbox", "alert#2", "{}"), Expect.ABSENT),
                Write.put(StateItem.of("outbox", "alert#1", "{\"dup\":true}"), Expect.ABSENT));

        assertThatThrownBy(() -> store.putAll(batch))
                .isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("alert#1");
        assertThat(store.get("target#a", "current")).isEmpty();
        assertThat(store.get("outbox", "alert#2")).isEmpty();
        assertThat(store.get("outbox", "alert#1").orElseThrow().data()).isEqualTo("{}");
    }

    @Test
    void putAllAppliesPutsAndDeletesTogether(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        StateItem pending = store.put(StateItem.of("outbox", "alert#1", "{}"), Expect.ABSENT);

        store.putAll(List.of(
                Write.delete("outbox", "alert#1", Expect.version(pending.version())),
                Write.put(StateItem.of("delivered", "alert#1", "{\"channels\":[\"slack\"]}"), Expect.ABSENT)));

        assertThat(store.get("outbox", "alert#1")).isEmpty();
        assertThat(store.get("delivered", "alert#1").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void putAllRefusesWhatOneTransactionCannotHold(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        List<Write> tooMany = IntStream.range(0, DynamoDbStateStore.MAX_BATCH + 1)
                .mapToObj(i -> Write.put(StateItem.of("bulk", "item#" + i, "{}"), Expect.ANYTHING))
                .toList();
        assertThatThrownBy(() -> store.putAll(tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100");
        assertThat(store.query("bulk", "")).isEmpty();

        List<Write> twice = List.of(
                Write.put(StateItem.of("bulk", "same", "{}"), Expect.ANYTHING),
                Write.delete("bulk", "same", Expect.ANYTHING));
        assertThatThrownBy(() -> store.putAll(twice)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteHonoursItsCondition(DynamoDbLocal db) {
        DynamoDbStateStore store = db.newStore();
        StateItem item = store.put(StateItem.of("finding#x", "state", "{}"), Expect.ABSENT);

        assertThatThrownBy(() -> store.delete("finding#x", "state", Expect.version(item.version() + 7)))
                .isInstanceOf(ConditionFailedException.class);
        store.delete("finding#x", "state", Expect.version(item.version()));
        assertThat(store.get("finding#x", "state")).isEmpty();
        store.delete("finding#x", "state", Expect.ANYTHING); // already gone: not an error
    }

    @Test
    void createTableIfMissingIsRepeatableAndEnablesTtl(DynamoDbLocal db) {
        String table = db.newTable();
        new DynamoDbStateStore(db.clients().dynamoDb(), table).createTableIfMissing();

        var ttl = db.clients().dynamoDb().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void aMissingTableIsReportedWithItsNameAndTheFix(DynamoDbLocal db) {
        DynamoDbStateStore store = new DynamoDbStateStore(db.clients().dynamoDb(), "no-such-table");

        assertThatThrownBy(() -> store.get("a", "b"))
                .isInstanceOf(StateUnavailableException.class)
                .hasMessageContaining("no-such-table")
                .hasMessageContaining(db.endpoint().toString())
                .hasMessageContaining("state.table");
    }

    @Test
    void aClosedPortFailsFastWithWhereAndHowToFix() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try (AwsClients clients = AwsClients.local(endpoint)) {
            DynamoDbStateStore store = new DynamoDbStateStore(clients.dynamoDb(), "patrol-state");

            StateUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> catchUnavailable(() -> store.put(StateItem.of("a", "b", "{}"), Expect.ANYTHING)));

            assertThat(e.getMessage())
                    .contains("patrol-state", endpoint.toString(), "aws.endpoint")
                    .containsIgnoringCase("connection refused");
        }
    }

    @Test
    void anEndpointThatNeverAnswersFailsWithinTheCallTimeout() throws Exception {
        AwsClients.Settings settings = new AwsClients.Settings(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), 2);
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             AwsClients clients = AwsClients.local(URI.create("http://127.0.0.1:" + silent.getLocalPort()), settings)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) accepted.add(silent.accept()); // accept, never answer
                } catch (IOException closed) {
                    // the test is over
                }
            });
            DynamoDbStateStore store = new DynamoDbStateStore(clients.dynamoDb(), "patrol-state");

            // The call timeout is 2 s; the bound is that plus one second.
            StateUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(3),
                    () -> catchUnavailable(() -> store.get("a", "b")));

            assertThat(e.getMessage()).contains("patrol-state", "127.0.0.1:" + silent.getLocalPort());
            acceptor.interrupt();
            for (Socket s : accepted) s.close();
        }
    }

    private static StateUnavailableException catchUnavailable(Runnable call) {
        try {
            call.run();
        } catch (StateUnavailableException e) {
            return e;
        }
        throw new AssertionError("expected StateUnavailableException");
    }
}
