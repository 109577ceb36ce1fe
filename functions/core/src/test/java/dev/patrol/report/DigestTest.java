package dev.patrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.patrol.alert.Severity;
import dev.patrol.config.AlertsConfig;
import dev.patrol.config.AwsConfig;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.config.HealthConfig;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.ReportsConfig;
import dev.patrol.config.SecretValue;
import dev.patrol.config.SecretsConfig;
import dev.patrol.config.StateConfig;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.ScriptedJob;
import dev.patrol.pipeline.Status;
import dev.patrol.report.digest.Attention;
import dev.patrol.report.digest.Digest;
import dev.patrol.report.digest.DigestBuilder;
import dev.patrol.state.Expect;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.state.StateItem;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.CronExpression;
import dev.patrol.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digest from what real pipeline runs of the other jobs left in state: a day with trouble, and a quiet one. */
class DigestTest {
    private final MutableClock clock = MutableClock.at("2026-11-29T06:00:00Z");
    private final InMemoryStateStore store = new InMemoryStateStore(clock);
    private final ScriptedJob health = new ScriptedJob("health").target("api", Severity.P1, 1).target("web", Severity.P2, 1)
            .target("sync", Severity.P1, 1);
    private final ScriptedJob backups = new ScriptedJob("backups").target("pipeline-csv", Severity.P0, 1);

    private SecretsConfig secrets = SecretsConfig.empty();

    private PatrolConfig config() {
        HealthConfig h = new HealthConfig(List.of(endpoint("api"), endpoint("web")),
                List.of(new HealthConfig.Heartbeat("sync", CronExpression.parse("0 9 * * *"), ZoneId.of("UTC"), Duration.ofMinutes(30), 1,
                        Severity.P1, null)), List.of());
        BackupSetConfig b = new BackupSetConfig("pipeline-csv", "/backups/", "pipeline_{yyyyMMdd}.csv.gz", Duration.ofDays(1),
                Duration.ofHours(26), null, 1, "auto", Severity.P0, null, false, 1);
        return new PatrolConfig("acme", null, new StateConfig(null, Path.of(".patrol")), new AwsConfig(null, null),
                new AlertsConfig(Severity.P3, null, null, null), h, List.of(b), secrets, new ReportsConfig(null));
    }

    private static HealthConfig.Endpoint endpoint(String name) {
        return new HealthConfig.Endpoint(name, SecretValue.of("http://127.0.0.1:9/" + name), "GET", Map.of(), Duration.ofSeconds(1), List.of(), 1,
                Severity.P1);
    }

    private void run(ScriptedJob job, String at) {
        clock.set(Instant.parse(at));
        new Pipeline(new RunContext(config(), store, new ObjectStores(List.of()), SecretValue::raw, clock, null), Map.of()).run(job, RunOptions.all());
    }

    private Digest digest(String at) {
        clock.set(Instant.parse(at));
        return new DigestBuilder(config(), store, new StateHistory(store)).build(clock.instant(), clock.instant().minus(Duration.ofDays(30)));
    }

    /** What the backups job remembers of a set's sizes (its memory item), as it writes it. */
    private void sizes(Map<String, Long> sizes) {
        store.put(StateItem.of("backups#pipeline-csv", "memory", dev.patrol.state.Json.write(Map.of("sizes", sizes))), Expect.ANYTHING);
    }

    @Test
    void uptimeIsShownTheSameWayEverywhereAndIsOnlyAHundredPercentWhenNothingFailed() {
        assertThat(DigestBuilder.percent(2.0 / 3)).isEqualTo("66.66%"); // the table once said 66.67% beside the chart's 66.66%
        assertThat(DigestBuilder.percent(1 - 1e-5)).isEqualTo("99.99%"); // one failed check in 100,000 is not 100%
        assertThat(DigestBuilder.percent(1.0)).isEqualTo("100%");
        assertThat(DigestBuilder.percent(0.29)).isEqualTo("29.00%");
        assertThat(DigestBuilder.percent(0.0)).isEqualTo("0.00%");
    }

    @Test
    void aDayWithTroubleSaysWhatAndAgainstTheWeekBefore() {
        run(health, "2026-11-25T06:00:00Z");
        health.answer("api", Status.FAIL);
        run(health, "2026-11-25T07:00:00Z"); // an incident in the week before
        health.answer("api", Status.OK);
        run(health, "2026-11-25T08:00:00Z");
        health.answer("api", Status.FAIL);
        health.answer("sync", Status.FAIL);
        run(health, "2026-11-30T04:00:00Z"); // today: api down, the heartbeat missed
        health.answer("web", () -> Observation.error("could not resolve web's host", Map.of()));
        run(health, "2026-11-30T05:00:00Z"); // Patrol could not check web
        backups.answer("pipeline-csv", Status.FAIL);
        run(backups, "2026-11-30T05:30:00Z");
        sizes(Map.of("pipeline_20261127.csv.gz", 1000L, "pipeline_20261128.csv.gz", 1010L, "pipeline_20261129.csv.gz", 400L));

        Digest d = digest("2026-11-30T06:00:00Z");

        Digest.Health h = (Digest.Health) d.jobs().get("health");
        assertThat(h.down()).isEqualTo(3);
        assertThat(h.incidents()).isEqualTo(3);
        assertThat(h.missedHeartbeats()).extracting(Digest.Event::target).containsExactly("sync");
        Digest.Target api = h.targets().getFirst();
        assertThat(api.name()).isEqualTo("api");
        assertThat(api.incidents()).isEqualTo(1);
        assertThat(api.incidentsBefore()).isEqualTo(1);
        assertThat(api.checks()).isEqualTo(2); // 11-30 so far
        assertThat(api.failures()).isEqualTo(2);
        assertThat(api.uptime()).isEqualTo(0.0);
        assertThat(api.checksBefore()).isEqualTo(3);
        assertThat(api.uptimeBefore()).as("2 of 3, cut to four decimals, as the page shows it: 66.66%").isEqualTo(0.6666);

        Digest.Backups b = (Digest.Backups) d.jobs().get("backups");
        Digest.BackupSet set = b.sets().getFirst();
        assertThat(set.status()).isEqualTo("down");
        assertThat(set.newest()).isEqualTo("2026-11-29T00:00:00Z");
        assertThat(set.newestAgeHours()).isEqualTo(30.0);
        assertThat(set.sizeTrend()).isEqualTo("shrinking");
        assertThat(set.sizes()).extracting(Digest.Size::size).containsExactly(1000L, 1010L, 400L);

        Digest.Runs runs = (Digest.Runs) d.jobs().get("patrol");
        assertThat(runs.failed()).isEqualTo(1);
        assertThat(runs.failures().getFirst().errors()).containsExactly("web: could not resolve web's host");
        assertThat(d.quiet()).isFalse();
        assertThat(d.summary()).isEqualTo("3 targets down now, 3 incidents in 24 h, 1 heartbeat missed, 1 backup failing, "
                + "1 Patrol run could not check everything");

        // The top of the page and the digest message: the down targets first, with since when and why, then the backup, then Patrol's own trouble
        Attention attention = Attention.of(d, List.of(Report.Repo.failed("ghost", "not a directory or a repository URL")), clock.instant());
        assertThat(attention.items()).extracting(Attention.Item::word, Attention.Item::what).containsExactly(
                tuple("DOWN", "api (endpoint)"), tuple("DOWN", "web (endpoint)"), tuple("DOWN", "sync (heartbeat)"),
                tuple("BACKUP FAILING", "pipeline-csv"), tuple("PATROL COULD NOT CHECK", "health at 05:00 UTC"),
                tuple("UNREADABLE", "repository ghost"));
        assertThat(attention.items().getFirst().detail()).startsWith("since 04:00 UTC");
        assertThat(attention.items().getFirst().anchor()).isEqualTo("target-api");
        assertThat(attention.items().get(3).anchor()).isEqualTo("backup-set-pipeline-csv");
        assertThat(attention.goodNews()).containsExactly("0 of 3 health targets up now", "No new secret findings");
    }

    @Test
    void secretFindingsNewInTheLast24HoursAreToldFromTheWeekBeforeAndFromTheOpenOnes(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        GitScript git = new GitScript(tmp.resolve("crm"));
        git.at("2026-11-24T09:00:00Z").commit("CRM sync", "sync.py", "HUBSPOT = \"pat-" + "na1-" + java.util.UUID.randomUUID() + "\"\n");
        secrets = new SecretsConfig("default", List.of(new SecretsConfig.Repo("crm", git.dir().toString(), null, Severity.P1)), Severity.P1);
        var sweep = dev.patrol.jobs.JobCatalog.standard().get("secrets");
        clock.set(Instant.parse("2026-11-25T06:00:00Z"));
        new Pipeline(new RunContext(config(), store, new ObjectStores(List.of()), SecretValue::raw, clock, null), Map.of()).run(sweep, RunOptions.all());
        String billing = "pat-" + "eu1-" + java.util.UUID.randomUUID();
        git.at("2026-11-30T02:00:00Z").commit("billing", "billing.py", "HUBSPOT_BILLING = \"" + billing + "\"\n");
        clock.set(Instant.parse("2026-11-30T03:00:00Z"));
        new Pipeline(new RunContext(config(), store, new ObjectStores(List.of()), SecretValue::raw, clock, null), Map.of()).run(sweep, RunOptions.all());

        Digest d = digest("2026-11-30T06:00:00Z");

        Digest.Secrets s = (Digest.Secrets) d.jobs().get("secrets");
        assertThat(s.newFindings()).extracting(Digest.Finding::repo, Digest.Finding::place).containsExactly(tuple("crm", "billing.py:1"));
        assertThat(s.newFindings().getFirst().redacted()).startsWith("pat-").doesNotContain(billing.substring(4));
        assertThat(s.newBefore()).isEqualTo(1); // the one found on 11-25
        assertThat(s.open()).isEqualTo(2);
        assertThat(s.openOverTime()).filteredOn(o -> o.day().equals(java.time.LocalDate.parse("2026-11-26"))).extracting(Digest.OpenOn::open)
                .containsExactly(1);
        assertThat(s.openOverTime().getLast().open()).isEqualTo(2);
        assertThat(d.quiet()).isFalse();
        assertThat(d.summary()).contains("1 new secret finding, 2 open");
        // The new one is named at the top with its place and only its first characters; the older open one is counted after it
        Attention attention = Attention.of(d, List.of(), clock.instant());
        assertThat(attention.items()).extracting(Attention.Item::word, Attention.Item::what)
                .containsExactly(tuple("NEW SECRET", "crm"), tuple("OPEN SECRETS", "1 older finding"));
        assertThat(attention.items().getFirst().detail()).contains("billing.py:1").contains("found 03:00 UTC").doesNotContain(billing.substring(4));
    }

    @Test
    void aQuietDayReadsAsSuch() {
        run(health, "2026-11-29T12:00:00Z");
        run(health, "2026-11-30T05:00:00Z");
        run(backups, "2026-11-30T05:30:00Z");
        sizes(Map.of("pipeline_20261128.csv.gz", 1000L, "pipeline_20261129.csv.gz", 1020L));

        Digest d = digest("2026-11-30T06:00:00Z");

        assertThat(d.quiet()).isTrue();
        assertThat(d.summary()).isEqualTo("all quiet: 2 endpoints up 100%, 1 heartbeat on time, 1 backup verified, no new findings");
        Attention attention = Attention.of(d, List.of(), clock.instant());
        assertThat(attention.quiet()).isTrue();
        assertThat(attention.goodNews()).containsExactly("3 of 3 health targets up now", "Backup verified: pipeline-csv", "No new secret findings",
                "3 Patrol runs, every target checked");
        assertThat(((Digest.Backups) d.jobs().get("backups")).sets().getFirst().sizeTrend()).isEqualTo("steady");
    }
}
