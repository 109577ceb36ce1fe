package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.report.GitScript;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The report job as a user runs it: {@code patrol run all} ends with it, {@code patrol report} writes and says where. */
class ReportRunIT {
    @TempDir
    Path dir;

    private PatrolProcess.Result patrol(String... args) throws Exception {
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), args);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }

    private void project() throws Exception {
        GitScript git = new GitScript(dir.resolve("deals"));
        git.at("2026-11-20T09:00:00Z").commit("first <b>bold</b>", "app.py", "print(1)\n");
        git.git("tag", "v1.0.0");
        git.at("2026-11-21T09:00:00Z").commit("second", "app.py", "print(2)\n");
        git.git("tag", "-a", "v1.1.0", "-m", "release");
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts: { file: alerts.jsonl }
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/health", timeout: 1s }
                secrets:
                  repos:
                    - { name: deals, url: deals }
                    - { name: gone, url: gone }
                reports:
                  output: reports
                  window: 30d
                  repos:
                    - { repo: deals, deployments: "tag:v*", services: [backend] }
                    - { repo: gone }
                """);
    }

    @Test
    void runAllEndsWithTheReportAndItsDigestAlert() throws Exception {
        project();
        PatrolProcess.Result r = patrol("run", "all", "--json");
        JsonNode all = Json.MAPPER.readTree(r.out());
        List<String> jobs = new ArrayList<>();
        all.path("runs").forEach(run -> jobs.add(run.path("job").asString()));
        assertThat(jobs).containsExactly("health", "backups", "secrets", "report");
        JsonNode report = all.path("runs").get(3);
        List<String> results = new ArrayList<>();
        report.path("results").forEach(x -> results.add(x.path("target").asString() + " " + x.path("kind").asString() + " " + x.path("status").asString()));
        assertThat(results).containsExactly("deals repo ok", "gone repo error", "digest report ok");
        assertThat(report.path("results").get(1).path("message").asString()).contains("gone");
        assertThat(report.path("results").get(2).path("details").path("open").asString()).endsWith("report.html");

        String alerts = Files.readString(dir.resolve("alerts.jsonl"));
        assertThat(alerts).contains("\"transition\":\"digest\"").contains("\"target\":\"digest\"");
        Path latest = dir.resolve("reports/latest");
        assertThat(latest.resolve("report.html")).isNotEmptyFile();
        assertThat(Files.readString(latest.resolve("report.html"))).contains("Content-Security-Policy").contains("Repository deals");
    }

    @Test
    void theDigestGoesOutOnceADayHoweverOftenTheReportRuns() throws Exception {
        project();
        ClockedPatrol at = new ClockedPatrol(dir);
        java.time.Instant morning = java.time.Instant.parse("2026-12-07T07:00:00Z");

        JsonNode first = Json.MAPPER.readTree(at.patrol(morning, "run", "report", "--json").out());
        assertThat(ClockedPatrol.alerts(first)).containsExactly("gone down", "digest digest");

        // cron every 15 minutes, a retried invocation: a fresh report each time, the day's digest once
        for (int quarter = 1; quarter <= 2; quarter++) {
            JsonNode again = Json.MAPPER.readTree(at.patrol(morning.plusSeconds(900L * quarter), "run", "report", "--json").out());
            assertThat(ClockedPatrol.alerts(again)).isEmpty();
            JsonNode digest = again.path("results").get(2);
            assertThat(digest.path("status").asString()).isEqualTo("ok");
            assertThat(digest.path("message").asString()).contains("today's digest went out at 07:00 UTC; the next one tomorrow");
            assertThat(digest.path("details").path("open").asString()).endsWith("report.html");
        }
        PatrolProcess.Result files = at.patrol(morning.plusSeconds(3600), "report"); // writes the files; the day's digest is out
        assertThat(files.exit()).as("gone cannot be read").isEqualTo(1);
        assertThat(files.out()).contains("report written to");

        JsonNode tomorrow = Json.MAPPER.readTree(at.patrol(morning.plus(java.time.Duration.ofDays(1)), "run", "report", "--json").out());
        assertThat(ClockedPatrol.alerts(tomorrow)).containsExactly("digest digest");
        assertThat(at.alertLines("alerts.jsonl")).containsExactly("gone down", "digest digest", "digest digest");
        // In the terminal the digest's alert line names it once: "alert DIGEST (P3) → file", not "alert DIGEST digest".
        PatrolProcess.Result human = at.patrol(morning.plus(java.time.Duration.ofDays(2)), "run", "report");
        assertThat(human.out()).contains("  alert DIGEST (P3) → file").doesNotContain("DIGEST digest");
    }

    @Test
    void runAllSendsTheDigestToSlackWithWhereTheReportIs() throws Exception {
        project();
        String config = Files.readString(dir.resolve("patrol.yml"));
        Files.writeString(dir.resolve("patrol.yml"), config.replace("alerts: { file: alerts.jsonl }",
                "alerts: { file: alerts.jsonl, slack: { webhookUrl: \"${E2E_SLACK}\" } }"));
        try (TestService slack = new TestService()) {
            PatrolProcess.Result r = PatrolProcess.run(dir, Map.of("E2E_SLACK", slack.url("/slack/hook")), "run", "all", "--json");
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            JsonNode report = Json.MAPPER.readTree(r.out()).path("runs").get(3);
            String open = report.path("results").get(2).path("details").path("open").asString();
            assertThat(open).endsWith("report.html");
            List<JsonNode> digests = new ArrayList<>();
            for (String post : slack.slackPosts) {
                JsonNode message = Json.MAPPER.readTree(post);
                if (message.path("text").asString().startsWith("[e2e] Daily digest ")) digests.add(message);
            }
            // One Block Kit message: the digest's summary, each repository's line, and where the report is.
            assertThat(digests).singleElement().satisfies(m -> assertThat(m.path("blocks").toString())
                    .contains("Report: " + Path.of(open).toUri()).contains("deals").contains("maturity"));
            // It leads with what needs attention: the down endpoint first, then the sweep that could not read "gone", then the
            // repository the report cannot read; and ends with the link
            // The header says what it is and how the day went (not "DIGEST: digest"); the fields are the repositories'
            // lines alone (no "Severity P3", "Job report", "Kind report", which say nothing to its readers).
            JsonNode blocks = digests.getFirst().path("blocks");
            assertThat(blocks.get(0).path("text").path("text").asString())
                    .matches(":newspaper: \\[e2e\\] Daily digest \\d{4}-\\d{2}-\\d{2}: 3 to look at");
            assertThat(blocks.get(2).path("fields").toString()).contains("maturity").doesNotContain("Severity").doesNotContain("*Job*");
            String body = blocks.get(1).path("text").path("text").asString();
            assertThat(body.lines().toList()).as(body).satisfies(lines -> {
                assertThat(lines.get(0)).isEqualTo("Needs attention (3):");
                assertThat(lines.get(1)).startsWith("• DOWN backend (endpoint): since ").contains(" UTC");
                assertThat(lines.get(2)).startsWith("• PATROL COULD NOT CHECK secrets at ").contains("gone");
                assertThat(lines.get(3)).startsWith("• UNREADABLE repository gone: ");
                assertThat(lines.getLast()).isEqualTo("Report: " + Path.of(open).toUri());
            });
        }
    }

    @Test
    void aRepositoryWhoseMaturityFellSinceLastWeekLeadsTheNextDigestWithTheChecksThatMoved() throws Exception {
        GitScript git = new GitScript(dir.resolve("deals"));
        git.at("2026-11-20T09:00:00Z").write("SECURITY.md", "Report to security@acme.example\n").write("LICENSE", "MIT\n")
                .commit("first", "app.py", "print(1)\n");
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts: { file: alerts.jsonl }
                secrets:
                  repos:
                    - { name: deals, url: deals }
                reports:
                  output: reports
                  repos:
                    - { repo: deals }
                """);
        ClockedPatrol at = new ClockedPatrol(dir);
        java.time.Instant monday = java.time.Instant.parse("2026-12-01T07:00:00Z");

        // The first report has one point and nothing to compare with: no trend line, nothing to look at for it.
        JsonNode first = Json.MAPPER.readTree(at.patrol(monday, "report", "--format", "json").out());
        JsonNode trend = first.path("repos").get(0).path("scoreTrend");
        assertThat(trend.path("points")).hasSize(1);
        assertThat(trend.has("change")).isFalse();
        int before = first.path("repos").get(0).path("scorecard").path("score").asInt();

        // Someone removes the security policy and the licence; a week later the scheduled report runs.
        git.at("2026-12-03T10:00:00Z").git("rm", "-q", "SECURITY.md", "LICENSE");
        git.commitAll("tidy up");
        at.patrol(monday.plus(java.time.Duration.ofDays(8)), "run", "report", "--json");

        JsonNode doc = Json.MAPPER.readTree(Files.readString(dir.resolve("reports/latest/report.json")));
        JsonNode change = doc.path("repos").get(0).path("scoreTrend").path("change");
        int after = doc.path("repos").get(0).path("scorecard").path("score").asInt();
        assertThat(after).isLessThan(before);
        assertThat(change.path("since").asString()).isEqualTo("2026-12-01");
        assertThat(change.path("from").asInt()).isEqualTo(before);
        assertThat(change.path("delta").asInt()).isEqualTo(after - before);
        assertThat(change.path("direction").asString()).isEqualTo("down");
        List<String> moved = new ArrayList<>();
        change.path("checks").forEach(c -> moved.add(c.path("check").asString() + " " + c.path("from").asInt() + "→" + c.path("to").asInt()));
        assertThat(moved).containsExactlyInAnyOrder("license 10→0", "security-policy 10→0");
        assertThat(doc.path("repos").get(0).path("scoreTrend").path("points")).hasSize(2);

        String digest = at.fileAlerts("alerts.jsonl").stream().filter(a -> a.path("transition").asString().equals("digest"))
                .reduce((a, b) -> b).orElseThrow().path("text").asString();
        assertThat(digest).contains("• MATURITY DOWN repository deals: " + before + " → " + after)
                .contains("since 2026-12-01: ").contains("security-policy 10 → 0").contains("license 10 → 0");
        String html = Files.readString(dir.resolve("reports/latest/report.html"));
        assertThat(html).contains("id=\"trend-deals\"").contains("id=\"score-deals\"").contains("data-value=\"" + after + "\"");
        assertThat(Files.readString(dir.resolve("reports/latest/report.md"))).contains("▼ **" + before + " → " + after);
    }

    @Test
    void reportWritesTheAskedFormatAndSaysWhereToOpenIt() throws Exception {
        project();
        Path out = dir.resolve("elsewhere");
        PatrolProcess.Result md = patrol("report", "--format", "md", "--output", out.toString());
        assertThat(md.exit()).isEqualTo(1); // the repository "gone" could not be read
        assertThat(md.out()).contains("! gone: ").contains("open " + out.toUri()).contains("report.md");
        assertThat(out.resolve("latest/report.md")).isNotEmptyFile();
        // The other formats are written too, by the same run: latest/ never holds an older run's JSON beside this HTML
        for (String f : List.of("report.html", "report.json")) assertThat(out.resolve("latest").resolve(f)).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("latest/report.json"))).contains("\"repo\" : \"deals\"");
        assertThat(Files.readString(out.resolve("latest/report.md"))).contains("## Repository deals").contains("| Deployment frequency |");

        PatrolProcess.Result json = patrol("report", "--format", "json");
        JsonNode doc = Json.MAPPER.readTree(json.out());
        assertThat(doc.path("repos").get(0).path("dora").path("deploymentFrequency").path("deployments").asInt()).isEqualTo(2);
        // Each number the contract names is in the document, null where there is nothing to compute it from (no
        // incident yet), as a scorecard's inconclusive score is: a script reads the field, never a missing key.
        JsonNode dora = doc.path("repos").get(0).path("dora");
        Map.of("deploymentFrequency", "perWeek", "leadTime", "medianHours", "changeFailureRate", "rate", "timeToRestore", "medianMinutes")
                .forEach((metric, number) -> assertThat(dora.path(metric).has(number)).as(metric + "." + number).isTrue());
        assertThat(dora.at("/timeToRestore/medianMinutes").isNull()).isTrue();
        assertThat(dora.at("/timeToRestore/bucket").asString()).isEqualTo("insufficient");
        assertThat(doc.path("repos").get(1).path("error").asString()).isNotBlank();
        assertThat(json.err()).contains("open file:");
        assertThat(dir.resolve("reports/latest/report.json")).isNotEmptyFile();

        // A place that cannot be a folder: exit 3, the place named and the way out; not a crash of "digest", nothing half written.
        PatrolProcess.Result nowhere = patrol("report", "--output", "/dev/null/reports");
        assertThat(nowhere.exit()).isEqualTo(3);
        assertThat(nowhere.err()).contains("patrol: could not write the report to /dev/null/reports: ")
                .contains("set reports.output (or --output) to a folder Patrol can write").doesNotContain("could not check digest");

        PatrolProcess.Result bad = patrol("report", "--format", "pdf");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--format pdf is not a report format; use html, md or json");
    }

    @Test
    void aReportsRepoThatIsNotASecretsRepoIsAConfigError() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                secrets:
                  repos:
                    - { name: deals, url: deals }
                reports:
                  repos:
                    - { repo: dealz, deployments: "tags:v*" }
                """);
        PatrolProcess.Result r = patrol("config", "validate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("patrol.yml:7").contains("reports.repos[0].repo").contains("\"dealz\" is not a name from secrets.repos; known: deals")
                .contains("reports.repos[0].deployments").contains("must be tag:GLOB (e.g. tag:v*) or branch:NAME");
    }
}
