package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Transition;
import dev.patrol.secrets.FindingsLedger.Cause;
import dev.patrol.secrets.FindingsLedger.Check;
import dev.patrol.secrets.FindingsLedger.StoredFinding;
import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.rules.RuleSet;
import dev.patrol.secrets.verify.Verification;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ledger keeps of verification, and which changes of it are moments to alert. */
class VerifiedLedgerTest {
    @TempDir
    Path dir;
    private final FakeCredentials fakes = new FakeCredentials(5);
    private final MemoryStateStore state = new MemoryStateStore();
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    @Test
    void aFindingStoredBeforeVerificationExistedReadsWithoutOneAndIsDue() {
        // A finding item exactly as Patrol wrote it before findings had a verification.
        String old = """
                {"fingerprint":"ptl_0123456789abcdef","repo":"deals","ruleId":"github-pat","description":"GitHub personal access token (classic)",\
                "redacted":"ghp_****","status":"OPEN","inCurrentTree":true,"firstSeen":"2026-10-01T09:00:00Z","lastSeen":"2026-10-01T09:00:00Z",\
                "resolvedAt":null,"ignoredReason":null,"places":[{"commit":"4b825dc642cb6eb9a060e54bf8d69288fbee4904","path":"ci.env","line":1,\
                "author":"Dee","email":"dee@example.com","date":"2026-09-30T09:00:00Z"}],"occurrences":1}""";
        state.put(StateItem.of("secrets#deals", "finding#ptl_0123456789abcdef", old), Expect.ABSENT);

        StoredFinding f = new FindingsLedger(state, Clock.fixed(T0, ZoneOffset.UTC)).list("deals", false).getFirst();

        assertThat(f.verification()).isNull();
        assertThat(f.live()).isFalse();
        assertThat(f.verificationDue(T0, Duration.ofDays(7))).isTrue();
        assertThat(f.place()).isEqualTo("ci.env:1");
    }

    @Test
    void onlyBecomingLiveAndStoppingBeingLiveAreChangesAndUnknownKeepsTheLastDefiniteAnswer() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            String token = "ghp_" + fakes.alnum(36);
            git.commit("main", "ci", Map.of("ci.env", "GITHUB_TOKEN=" + token + "\n"));
            ScanResult sweep = new HistoryScanner(RuleSet.defaults()).scan(git.repository(), ScanRequest.full("deals"), ScanProgress.NONE);
            String fp = sweep.findings().getFirst().fingerprint();

            FindingsLedger.Plan first = at(T0).plan(sweep, Map.of(fp, Check.of(Verification.unknown("rate limited by github"), T0)));
            at(T0).apply(first);
            assertThat(first.outcome().changes()).extracting(FindingsLedger.Change::cause).containsExactly(Cause.FOUND);
            StoredFinding stored = at(T0).list("deals", false).getFirst();
            assertThat(stored.verification().status()).isEqualTo("unknown");
            assertThat(stored.verificationDue(T0.plusSeconds(60), Duration.ofDays(7))).as("unknown is asked again next run").isTrue();

            Instant t1 = T0.plus(Duration.ofHours(1));
            FindingsLedger.Plan live = at(t1).plan(sweep, Map.of(fp, Check.of(Verification.verified("github user bot", "scopes: repo"), t1)));
            at(t1).apply(live);
            assertThat(live.outcome().changes()).singleElement().satisfies(c -> {
                assertThat(c.transition()).isEqualTo(Transition.NEW);
                assertThat(c.cause()).isEqualTo(Cause.LIVE);
                assertThat(c.before().status()).isEqualTo("unknown");
                assertThat(c.finding().verification().summary()).isEqualTo("live: github user bot — rotate now (scopes: repo)");
            });
            assertThat(at(t1).list("deals", false).getFirst().verificationDue(t1.plus(Duration.ofDays(6)), Duration.ofDays(7))).isFalse();

            Instant t2 = t1.plus(Duration.ofDays(8));
            FindingsLedger.Plan unknownAgain = at(t2).plan(sweep, Map.of(fp, Check.of(Verification.unknown("github could not be reached"), t2)));
            at(t2).apply(unknownAgain);
            assertThat(unknownAgain.outcome().changes()).as("no answer is not news").isEmpty();
            StoredFinding stillLive = at(t2).list("deals", false).getFirst();
            assertThat(stillLive.live()).as("the last definite answer stands through a rate limit").isTrue();
            assertThat(stillLive.verification().checkedAt()).isEqualTo(t1);
            assertThat(stillLive.verification().retrying()).isEqualTo("github could not be reached");
            assertThat(stillLive.verificationDue(t2.plusSeconds(60), Duration.ofDays(7))).as("and it is asked again next run").isTrue();

            Instant t3 = t2.plus(Duration.ofHours(1));
            FindingsLedger.Plan dead = at(t3).plan(sweep, Map.of(fp, Check.of(Verification.unverified("github refused it (HTTP 401)"), t3)));
            at(t3).apply(dead);
            assertThat(dead.outcome().changes()).as("it was live when people were last told")
                    .extracting(FindingsLedger.Change::transition, FindingsLedger.Change::cause)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Transition.RESOLVED, Cause.NO_LONGER_LIVE));
            StoredFinding notLive = at(t3).list("deals", false).getFirst();
            assertThat(notLive.status()).as("still in history: still open").isEqualTo(FindingsLedger.Status.OPEN);
            assertThat(notLive.verification().retrying()).isNull();
            assertThat(state.allData()).noneMatch(d -> d.contains(token));
        }
    }

    private FindingsLedger at(Instant now) {
        return new FindingsLedger(state, Clock.fixed(now, ZoneOffset.UTC));
    }
}
