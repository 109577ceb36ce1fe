package dev.patrol.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.state.Expect;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.time.MutableClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T09:00:00Z");
    private final InMemoryStateStore store = new InMemoryStateStore(clock);
    private final Outbox outbox = new Outbox(store, clock);
    private final Alert down = new Alert("health:backend:down:1", "health", "backend", "endpoint", Transition.DOWN, Severity.P1,
            clock.instant(), "[acme] DOWN: backend (health)", "endpoint backend is DOWN: status was 503", Map.of(), null);

    private void enqueue(Alert alert, String... channels) {
        outbox.entries(alert, List.of(channels)).forEach(e -> store.put(e, Expect.ABSENT));
    }

    private List<Outbox.Entry> pending() {
        return store.query(Keys.outbox("health"), "pending#").stream().map(i -> Json.read(i.data(), Outbox.Entry.class)).toList();
    }

    @Test
    void an_alert_stays_pending_with_its_error_until_its_channel_takes_it() {
        enqueue(down, "slack");
        Notifier broken = new Notifier() {
            public String channel() {
                return "slack";
            }

            public void deliver(Alert alert) {
                throw new IllegalStateException("connection reset");
            }
        };

        assertThat(outbox.deliver("health", Map.of("slack", broken))).singleElement()
                .returns(false, Outbox.Delivery::delivered)
                .returns(List.of("slack: connection reset"), Outbox.Delivery::errors);
        assertThat(pending()).singleElement().returns(1, Outbox.Entry::attempts);

        RecordingNotifier slack = new RecordingNotifier("slack");
        assertThat(outbox.deliver("health", Map.of("slack", slack))).singleElement()
                .returns(true, Outbox.Delivery::delivered)
                .returns(true, Outbox.Delivery::retried);
        assertThat(slack.delivered()).containsExactly(down);
        assertThat(pending()).isEmpty();
        assertThat(store.query(Keys.outbox("health"), "delivered#")).singleElement()
                .extracting(StateItem::expiresAt).isEqualTo(clock.instant().plus(java.time.Duration.ofDays(30)));

        assertThat(outbox.deliver("health", Map.of("slack", slack))).isEmpty();
        assertThat(slack.delivered()).hasSize(1);
    }

    @Test
    void an_alert_for_a_channel_no_longer_configured_waits_for_it() {
        enqueue(down, "sns");

        assertThat(outbox.deliver("health", Map.of("slack", new RecordingNotifier("slack")))).singleElement()
                .returns(false, Outbox.Delivery::delivered);
        assertThat(pending()).hasSize(1);
    }

    @Test
    void an_alert_on_two_channels_is_delivered_only_when_both_took_it() {
        enqueue(down, "file", "slack");
        RecordingNotifier file = new RecordingNotifier("file");
        RecordingNotifier slack = new RecordingNotifier("slack").failNext(1);

        assertThat(outbox.deliver("health", Map.of("file", file, "slack", slack))).singleElement()
                .returns(List.of("file", "slack"), Outbox.Delivery::channels)
                .returns(false, Outbox.Delivery::delivered);
        outbox.deliver("health", Map.of("file", file, "slack", slack));

        assertThat(file.delivered()).hasSize(1);
        assertThat(slack.delivered()).hasSize(1);
    }

    @Test
    void two_runs_delivering_at_once_send_an_alert_only_once() throws Exception {
        enqueue(down, "slack");
        java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        Notifier slow = new Notifier() {
            public String channel() {
                return "slack";
            }

            public void deliver(Alert alert) {
                sent.incrementAndGet();
                sending.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Thread first = Thread.ofVirtual().start(() -> outbox.deliver("health", Map.of("slack", slow)));
        sending.await();
        // A second run (another fan-out batch of the job) finds the entry claimed and leaves it alone.
        assertThat(outbox.deliver("health", Map.of("slack", slow))).isEmpty();
        release.countDown();
        first.join();
        assertThat(sent).hasValue(1);
        assertThat(pending()).isEmpty();
    }

    @Test
    void a_claim_left_by_a_crashed_sender_runs_out_and_the_alert_goes_out_later() {
        enqueue(down, "slack");
        StateItem item = store.query(Keys.outbox("health"), "pending#").getFirst();
        Outbox.Entry entry = Json.read(item.data(), Outbox.Entry.class);
        store.put(item.withData(Json.write(new Outbox.Entry(entry.alert(), "slack", 0, null, clock.instant().plusSeconds(300), null))),
                Expect.version(item.version()));
        RecordingNotifier slack = new RecordingNotifier("slack");
        assertThat(outbox.deliver("health", Map.of("slack", slack))).isEmpty();
        clock.advance(java.time.Duration.ofMinutes(6));
        assertThat(outbox.deliver("health", Map.of("slack", slack))).singleElement().returns(true, Outbox.Delivery::delivered);
        assertThat(slack.delivered()).containsExactly(down);
    }

    /** The entry as a run killed mid-delivery leaves it: claimed by that run, for five minutes. */
    private void claimAsKilledRun(String runId) {
        StateItem item = store.query(Keys.outbox("health"), "pending#").getFirst();
        Outbox.Entry entry = Json.read(item.data(), Outbox.Entry.class);
        store.put(item.withData(Json.write(new Outbox.Entry(entry.alert(), entry.channel(), 0, null, clock.instant().plusSeconds(300),
                runId))), Expect.version(item.version()));
    }

    /** A Slack channel that notes each send in {@code calls}: "deliver" for a first send, "redeliver" for one that may be a repeat. */
    private static Notifier slackSaying(List<String> calls) {
        return new Notifier() {
            public String channel() {
                return "slack";
            }

            public void deliver(Alert alert) {
                calls.add("deliver");
            }

            public void redeliver(Alert alert) {
                calls.add("redeliver");
            }
        };
    }

    @Test
    void a_claim_of_a_run_that_no_longer_holds_its_lease_is_taken_over_at_once_and_redelivered() {
        enqueue(down, "slack");
        claimAsKilledRun("killed-run");
        List<String> calls = new java.util.ArrayList<>();
        Notifier slack = slackSaying(calls);

        assertThat(outbox.deliver("health", Map.of("slack", slack), "next-run")).singleElement()
                .returns(true, Outbox.Delivery::delivered);
        assertThat(calls).containsExactly("redeliver");
        assertThat(pending()).isEmpty();
    }

    @Test
    void a_claim_of_a_run_that_still_holds_its_lease_is_left_alone() {
        enqueue(down, "slack");
        try (var lease = new dev.patrol.state.Leases(store, clock).acquire("health#batch-1", "working-run", java.time.Duration.ofSeconds(60))) {
            claimAsKilledRun("working-run");
            RecordingNotifier slack = new RecordingNotifier("slack");
            assertThat(outbox.deliver("health", Map.of("slack", slack), "other-batch")).isEmpty();
            assertThat(slack.attempts()).isZero();
        }
    }

    @Test
    void entries_a_run_wrote_claimed_are_sent_by_that_run_once_as_a_first_send_and_left_alone_by_another_live_run() {
        try (var lease = new dev.patrol.state.Leases(store, clock).acquire("health", "this-run", java.time.Duration.ofSeconds(60))) {
            outbox.entries(down, List.of("slack"), "this-run").forEach(e -> store.put(e, Expect.ABSENT));
            List<String> calls = new java.util.ArrayList<>();
            Notifier slack = slackSaying(calls);

            assertThat(outbox.deliver("health", Map.of("slack", slack), "other-batch")).as("claimed by a live run").isEmpty();
            assertThat(outbox.deliver("health", Map.of("slack", slack), "this-run")).singleElement()
                    .returns(true, Outbox.Delivery::delivered)
                    .returns(false, Outbox.Delivery::retried);
            assertThat(calls).containsExactly("deliver");
            assertThat(pending()).isEmpty();
            assertThat(store.query(Keys.outbox("health"), "delivered#")).hasSize(1);
        }
    }

    @Test
    void entries_claimed_by_a_run_that_was_killed_are_taken_over_and_redelivered() {
        outbox.entries(down, List.of("slack"), "killed-run").forEach(e -> store.put(e, Expect.ABSENT));
        RecordingNotifier slack = new RecordingNotifier("slack");

        assertThat(outbox.deliver("health", Map.of("slack", slack), "next-run")).singleElement().returns(true, Outbox.Delivery::delivered);
        assertThat(slack.delivered()).containsExactly(down);
        assertThat(outbox.deliver("health", Map.of("slack", slack), "next-run")).isEmpty();
        assertThat(slack.delivered()).hasSize(1);
    }

    @Test
    void more_than_group_above_alerts_of_one_run_are_one_message_on_a_grouping_channel_and_one_each_elsewhere() {
        for (int i = 1; i <= 6; i++) {
            Alert a = new Alert("health:api-" + i + ":down:1", "health", "api-" + i, "endpoint", Transition.DOWN, Severity.P2,
                    clock.instant(), "[acme] DOWN: api-" + i + " (health)", "endpoint api-" + i + " is DOWN", Map.of(), null);
            enqueue(a, "slack", "sns");
        }
        RecordingNotifier slack = new RecordingNotifier("slack").failNext(1);
        RecordingNotifier sns = new RecordingNotifier("sns");
        Map<String, Notifier> channels = Map.of("slack", new Notifier.Grouping(slack), "sns", sns);

        List<Outbox.Delivery> first = outbox.deliver("health", channels, "run-1", 5);
        assertThat(first).hasSize(6).noneMatch(Outbox.Delivery::delivered); // slack failed: every one still owed to it
        assertThat(sns.delivered()).hasSize(6);
        assertThat(slack.delivered()).isEmpty();

        assertThat(outbox.deliver("health", channels, "run-2", 5)).hasSize(6).allMatch(Outbox.Delivery::delivered);
        assertThat(slack.delivered()).singleElement().satisfies(g -> {
            assertThat(g.text()).isEqualTo("6 endpoints DOWN: api-1, api-2, api-3, api-4, api-5, api-6");
            assertThat(g.title()).isEqualTo("[acme] DOWN: 6 endpoints (health)");
        });
        assertThat(sns.delivered()).hasSize(6); // never sent twice

        assertThat(outbox.deliver("health", channels, "run-3", 5)).isEmpty();
        assertThat(slack.delivered()).hasSize(1);
    }

    @Test
    void up_to_group_above_alerts_go_one_by_one_even_on_a_grouping_channel() {
        for (int i = 1; i <= 5; i++) {
            enqueue(new Alert("health:api-" + i + ":down:1", "health", "api-" + i, "endpoint", Transition.DOWN, Severity.P2,
                    clock.instant(), "t", "endpoint api-" + i + " is DOWN", Map.of(), null), "slack");
        }
        RecordingNotifier slack = new RecordingNotifier("slack");
        outbox.deliver("health", Map.of("slack", new Notifier.Grouping(slack)), "run-1", 5);
        assertThat(slack.delivered()).extracting(Alert::target).containsExactly("api-1", "api-2", "api-3", "api-4", "api-5");
    }

    @Test
    void more_entries_than_one_write_takes_are_each_claimed_sent_and_marked_once_and_a_failing_channel_keeps_its_own() {
        for (int i = 1; i <= 120; i++) { // 240 entries: three claim writes, several mark writes
            enqueue(new Alert("health:api-" + i + ":down:1", "health", "api-" + i, "endpoint", Transition.DOWN, Severity.P2,
                    clock.instant(), "t", "endpoint api-" + i + " is DOWN", Map.of(), null), "file", "slack");
        }
        RecordingNotifier file = new RecordingNotifier("file");
        RecordingNotifier slack = new RecordingNotifier("slack").failNext(120);

        assertThat(outbox.deliver("health", Map.of("file", file, "slack", slack), "run-1", 5)).hasSize(120).noneMatch(Outbox.Delivery::delivered);
        assertThat(file.delivered()).hasSize(120).extracting(Alert::target).doesNotHaveDuplicates();
        assertThat(pending()).hasSize(120).allSatisfy(e -> assertThat(e).returns("slack", Outbox.Entry::channel)
                .returns(1, Outbox.Entry::attempts).returns(null, Outbox.Entry::claimedBy));
        assertThat(store.query(Keys.outbox("health"), "delivered#")).hasSize(120);

        assertThat(outbox.deliver("health", Map.of("file", file, "slack", slack), "run-2", 5)).hasSize(120).allMatch(Outbox.Delivery::delivered);
        assertThat(slack.delivered()).hasSize(120).extracting(Alert::target).doesNotHaveDuplicates();
        assertThat(file.delivered()).hasSize(120);
        assertThat(pending()).isEmpty();
    }
}
