package dev.patrol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed config is refused before anything runs, and the error says
 * where: file, line and key path, with a hint a person can act on.
 */
class MalformedConfigTest {
    private static final String FILE = "patrol.yml";

    /** A wrong config and the one error it must produce: line, key path, a fragment of the message. */
    record Bad(String yaml, int line, String path, String says) {}

    private static Arguments bad(String what, String yaml, int line, String path, String says) {
        return Arguments.of(Named.of(what, new Bad(yaml, line, path, says)));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // Unknown keys, at every level, with did-you-mean.
                bad("unknown top-level key", """
                        name: acme
                        helth:
                          endpoints: []
                        """, 2, "helth", "did you mean \"health\""),
                bad("unknown key under state", """
                        state:
                          tabel: patrol-state
                        """, 2, "state.tabel", "did you mean \"table\""),
                bad("unknown key under aws", """
                        aws:
                          regoin: us-east-1
                        """, 2, "aws.regoin", "did you mean \"region\""),
                bad("unknown key under alerts", """
                        alerts:
                          minSeverty: P1
                        """, 2, "alerts.minSeverty", "did you mean \"minSeverity\""),
                bad("unknown key under alerts.slack", """
                        alerts:
                          slack:
                            webhook: "${SLACK_WEBHOOK_URL}"
                        """, 3, "alerts.slack.webhook", "did you mean \"webhookUrl\""),
                bad("unknown key under alerts.sns", """
                        alerts:
                          sns: { topic_arn: "arn:aws:sns:us-east-1:123456789012:patrol" }
                        """, 2, "alerts.sns.topic_arn", "did you mean \"topicArn\""),
                bad("unknown key under health", """
                        health:
                          endpoint:
                            - name: backend
                              url: https://api.example.com/health
                        """, 2, "health.endpoint", "did you mean \"endpoints\""),
                bad("unknown key in an endpoint", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              timout: 5s
                        """, 5, "health.endpoints[0].timout", "did you mean \"timeout\""),
                bad("unknown key far from any known one lists the known keys", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              colour: red
                        """, 5, "health.endpoints[0].colour", "known keys: escalateAfter, expect, failAfter, headers, maxReminders, method, name, owner, remindEvery"),
                bad("unknown key in a heartbeat", """
                        health:
                          heartbeats:
                            - name: crm-sync
                              schedule: "0 9 * * MON-FRI"
                              timezon: America/Chicago
                        """, 5, "health.heartbeats[0].timezon", "did you mean \"timezone\""),
                bad("key in the wrong case", """
                        health:
                          freshness:
                            - name: tracker
                              object: ./tracker.csv
                              maxage: 26h
                        """, 5, "health.freshness[0].maxage", "did you mean \"maxAge\""),
                bad("unknown key in a backup set", """
                        backups:
                          - name: pipeline-csv
                            location: s3://acme-backups/pipeline/
                            pattern: "pipeline_{yyyyMMdd}.csv.gz"
                            retension: 90d
                        """, 5, "backups[0].retension", "did you mean \"retention\""),
                bad("unknown key under secrets", """
                        secrets:
                          repo:
                            - name: deals
                              url: https://github.com/acme/deals.git
                        """, 2, "secrets.repo", "did you mean \"repos\""),
                bad("unknown key in a repository", """
                        secrets:
                          repos:
                            - name: deals
                              url: https://github.com/acme/deals.git
                              tokn: "secretsmanager:patrol/github"
                        """, 5, "secrets.repos[0].tokn", "did you mean \"token\""),
                bad("an SSH repository address", """
                        secrets:
                          repos:
                            - name: deals
                              url: git@github.com:acme/deals.git
                        """, 4, "secrets.repos[0].url", "is an SSH address, and Patrol clones over HTTPS (or git://, file://), not SSH: write it as https://github.com/acme/deals.git"),
                bad("an ssh:// repository address with a port", """
                        secrets:
                          repos:
                            - name: deals
                              url: ssh://git@git.acme.example:2222/ops/deals.git
                        """, 4, "secrets.repos[0].url", "write it as https://git.acme.example/ops/deals.git, with a token"),
                bad("a token for an http:// repository of another machine", """
                        secrets:
                          repos:
                            - name: deals
                              url: http://git.acme.example/ops/deals.git
                              token: "${GIT_TOKEN}"
                        """, 4, "secrets.repos[0].url", "is http://, so its token would cross the network in clear on every fetch: write it as https://git.acme.example/ops/deals.git"),
                bad("a password in an http:// repository address", """
                        secrets:
                          repos:
                            - name: deals
                              url: http://ci:hunter2@git.acme.example/ops/deals.git
                        """, 4, "secrets.repos[0].url", "its password would cross the network in clear"),
                bad("a token for an http:// organisation", """
                        secrets:
                          repos:
                            - org: http://ghe.acme.example/platform
                              forge: github
                              token: "${GHE_TOKEN}"
                        """, 3, "secrets.repos[0].org", "would cross the network in clear on every listing and fetch: write it as https://ghe.acme.example/platform"),
                bad("secrets.verify not a boolean", """
                        secrets:
                          verify: sometimes
                        """, 2, "secrets.verify", "true or false"),
                bad("secrets.verifyEvery not a duration", """
                        secrets:
                          verify: true
                          verifyEvery: weekly
                        """, 3, "secrets.verifyEvery", "weekly"),
                bad("unknown key under reports", """
                        reports:
                          outptu: ./reports
                        """, 2, "reports.outptu", "did you mean \"output\""),

                // Wrong shapes: list vs mapping vs single value.
                bad("a section that is a list", """
                        health: [backend, frontend]
                        """, 1, "health", "must be a mapping"),
                bad("endpoints written as a mapping", """
                        health:
                          endpoints:
                            name: backend
                            url: https://api.example.com/health
                        """, 2, "health.endpoints", "must be a list"),
                bad("a list item that is not a mapping", """
                        health:
                          endpoints:
                            - backend
                        """, 3, "health.endpoints[0]", "must be a mapping"),
                bad("backups written as a mapping", """
                        backups:
                          name: pipeline-csv
                        """, 1, "backups", "must be a list"),
                bad("a single value given a list", """
                        name: [acme, other]
                        """, 1, "name", "must be a single value, not a list"),
                bad("expect given a mapping", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              expect: { status: 200 }
                        """, 5, "health.endpoints[0].expect", "must be a list of values"),
                bad("a condition that is a mapping", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              expect:
                                - status == 200
                                - status: 200
                        """, 7, "health.endpoints[0].expect[1]", "must be a single value"),
                bad("headers given a list", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              headers: [ "Authorization: Bearer x" ]
                        """, 5, "health.endpoints[0].headers", "must be a mapping"),
                bad("the whole file a list", """
                        - name: backend
                        - name: frontend
                        """, 1, "", "must be a mapping of sections"),
                bad("the whole file one word", """
                        hello
                        """, 1, "", "must be a mapping of sections"),

                // Values of the wrong kind.
                bad("a duration without a unit", """
                        health:
                          freshness:
                            - name: tracker
                              object: ./tracker.csv
                              maxAge: 26
                        """, 5, "health.freshness[0].maxAge", "is not a duration"),
                bad("a duration in words", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              timeout: 5 seconds
                        """, 5, "health.endpoints[0].timeout", "\"5 seconds\" is not a duration"),
                bad("a negative grace", """
                        health:
                          heartbeats:
                            - name: crm-sync
                              schedule: "0 9 * * *"
                              grace: -5m
                        """, 5, "health.heartbeats[0].grace", "is not a duration"),
                bad("a zero timeout", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              timeout: 0s
                        """, 5, "health.endpoints[0].timeout", "must be longer than 0"),
                bad("a timeout over five minutes", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              timeout: 10m
                        """, 5, "health.endpoints[0].timeout", "must be 5m or less"),
                bad("a size with an unknown unit", """
                        backups:
                          - name: pipeline-csv
                            location: s3://acme-backups/pipeline/
                            pattern: "pipeline_{yyyyMMdd}.csv.gz"
                            minSize: 1XB
                        """, 5, "backups[0].minSize", "\"1XB\" is not a size"),
                bad("a severity out of range", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              severity: P5
                        """, 5, "health.endpoints[0].severity", "is not a severity; use P0"),
                bad("a severity in words", """
                        alerts:
                          minSeverity: high
                        """, 2, "alerts.minSeverity", "\"high\" is not a severity"),
                bad("failAfter zero", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              failAfter: 0
                        """, 5, "health.endpoints[0].failAfter", "must be a whole number of 1 or more"),
                bad("failAfter in words", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              failAfter: two
                        """, 5, "health.endpoints[0].failAfter", "\"two\" must be a whole number"),
                bad("prune neither true nor false", """
                        backups:
                          - name: pipeline-csv
                            location: s3://acme-backups/pipeline/
                            pattern: "pipeline_{yyyyMMdd}.csv.gz"
                            prune: maybe
                        """, 5, "backups[0].prune", "must be true or false"),
                bad("an unknown restore format", """
                        backups:
                          - name: pipeline-csv
                            location: s3://acme-backups/pipeline/
                            pattern: "pipeline_{yyyyMMdd}.csv.gz"
                            restore: rar
                        """, 5, "backups[0].restore", "\"rar\" must be one of auto, none, gzip"),
                bad("a folder pattern with an empty folder name", """
                        backups:
                          - name: db
                            location: ./backups/
                            pattern: "db_{yyyyMMdd}//"
                        """, 4, "backups[0].pattern", "has an empty folder name"),
                bad("a folder pattern read as CSV", """
                        backups:
                          - name: db
                            location: ./backups/
                            pattern: "db_{yyyyMMdd}/"
                            restore: csv
                        """, 5, "backups[0].restore", "cannot read a backup kept as a folder"),
                bad("a folder pattern with a snapshot source", """
                        backups:
                          - name: db
                            location: ./backups/
                            pattern: "db_{yyyyMMdd}/"
                            source: ./db.sqlite
                        """, 5, "backups[0].source", "a snapshot writes one object"),
                bad("a pattern coarser than every", """
                        backups:
                          - name: db
                            location: s3://acme-backups/db/
                            pattern: "db_{yyyyMM}.sql.gz"
                            every: 1d
                        """, 4, "backups[0].pattern", "names one backup per month but every is 1d"),
                bad("quarterly names for daily backups (issue 12 \u00a77)", """
                        backups:
                          - name: db
                            location: s3://acme-backups/db/
                            pattern: "db_{yyyyQQ}.sql.gz"
                            every: 1d
                        """, 4, "backups[0].pattern", "\"db_{yyyyQQ}.sql.gz\" names one backup per quarter but every is 1d"),
                bad("a pattern with a letter that is not a date field", """
                        backups:
                          - name: db
                            location: s3://acme-backups/db/
                            pattern: "db_{yyyyJJ}.sql.gz"
                            every: 1d
                        """, 4, "backups[0].pattern", "'J' in {yyyyJJ} is not a date field"),
                bad("an HTTP method Patrol does not send", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              method: FETCH
                        """, 5, "health.endpoints[0].method", "must be GET, HEAD, POST, PUT or OPTIONS"),

                // Cron expressions and time zones.
                bad("an hour out of range", """
                        health:
                          heartbeats:
                            - name: crm-sync
                              schedule: "0 25 * * *"
                        """, 4, "health.heartbeats[0].schedule", "hour field \"25\" is out of range"),
                bad("four cron fields", """
                        health:
                          heartbeats:
                            - name: crm-sync
                              schedule: "0 9 * *"
                        """, 4, "health.heartbeats[0].schedule", "has 4 fields; expected 5"),
                bad("a day name that is not one", """
                        health:
                          heartbeats:
                            - name: crm-sync
                              schedule: "0 9 * * MON-FUN"
                        """, 4, "health.heartbeats[0].schedule", "day-of-week field \"MON-FUN\" has \"FUN\""),
                bad("a heartbeat without a schedule", """
                        health:
                          heartbeats:
                            - name: crm-sync
                              grace: 30m
                        """, 3, "health.heartbeats[0].schedule", "is required"),
                bad("a time zone that does not exist", """
                        health:
                          heartbeats:
                            - name: crm-sync
                              schedule: "0 9 * * MON-FRI"
                              timezone: America/Chicag
                        """, 5, "health.heartbeats[0].timezone", "is not a time zone; use an IANA name"),
                bad("a time zone abbreviation", """
                        health:
                          heartbeats:
                            - name: crm-sync
                              schedule: "0 9 * * MON-FRI"
                              timezone: CST
                        """, 5, "health.heartbeats[0].timezone", "\"CST\" is not a time zone"),

                // URLs, regions, ARNs, table names.
                bad("an endpoint URL that is not http", """
                        health:
                          endpoints:
                            - name: backend
                              url: ftp://api.example.com/health
                        """, 4, "health.endpoints[0].url", "must be an http:// or https:// URL"),
                bad("an endpoint URL without a scheme", """
                        health:
                          endpoints:
                            - name: backend
                              url: api.example.com/health
                        """, 4, "health.endpoints[0].url", "must be an http:// or https:// URL"),
                bad("an endpoint without a URL", """
                        health:
                          endpoints:
                            - name: backend
                              timeout: 5s
                        """, 3, "health.endpoints[0].url", "is required"),
                bad("an empty URL", """
                        health:
                          endpoints:
                            - name: backend
                              url: ""
                        """, 4, "health.endpoints[0].url", "must not be empty"),
                bad("a region that is not one", """
                        aws:
                          region: us-east
                        """, 2, "aws.region", "\"us-east\" is not an AWS region name"),
                bad("an AWS endpoint override without a scheme", """
                        aws:
                          endpoint: 127.0.0.1:4566
                        """, 2, "aws.endpoint", "must be an http:// or https:// URL"),
                bad("an SQS ARN where an SNS topic belongs", """
                        alerts:
                          sns:
                            topicArn: "arn:aws:sqs:us-east-1:123456789012:patrol"
                        """, 3, "alerts.sns.topicArn", "is not an SNS topic ARN"),
                bad("a topic ARN with a short account id", """
                        alerts:
                          sns: { topicArn: "arn:aws:sns:us-east-1:12345:patrol" }
                        """, 2, "alerts.sns.topicArn", "is not an SNS topic ARN"),
                bad("a plain-http Slack webhook", """
                        alerts:
                          slack: { webhookUrl: "http://hooks.slack.com/services/T0/B0/x" }
                        """, 2, "alerts.slack.webhookUrl", "must be an https:// Slack incoming-webhook URL"),
                bad("a DynamoDB table name with spaces", """
                        state:
                          table: patrol state
                        """, 2, "state.table", "is not a DynamoDB table name"),

                // Names: missing, malformed, duplicated.
                bad("an endpoint without a name", """
                        health:
                          endpoints:
                            - url: https://api.example.com/health
                        """, 3, "health.endpoints[0].name", "is required"),
                bad("a name with a space", """
                        health:
                          endpoints:
                            - name: my backend
                              url: https://api.example.com/health
                        """, 3, "health.endpoints[0].name", "must be 1-100 letters, digits"),
                bad("two endpoints with one name", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                            - name: backend
                              url: https://api.example.com/ready
                        """, 5, "health.endpoints[1].name", "\"backend\" is used twice among health targets (first on line 3)"),
                bad("an endpoint and a heartbeat with one name", """
                        health:
                          endpoints:
                            - name: crm
                              url: https://api.example.com/health
                          heartbeats:
                            - name: crm
                              schedule: "0 9 * * *"
                        """, 6, "health.heartbeats[0].name", "used twice among health targets (first on line 3)"),
                bad("two backup sets with one name", """
                        backups:
                          - name: pipeline-csv
                            location: s3://acme-backups/a/
                            pattern: "a_{yyyyMMdd}.gz"
                          - name: pipeline-csv
                            location: s3://acme-backups/b/
                            pattern: "b_{yyyyMMdd}.gz"
                        """, 5, "backups[1].name", "used twice among backups (first on line 2)"),
                bad("a backup set without a location", """
                        backups:
                          - name: pipeline-csv
                            pattern: "pipeline_{yyyyMMdd}.csv.gz"
                        """, 2, "backups[0].location", "is required"),
                bad("a freshness check without maxAge", """
                        health:
                          freshness:
                            - name: tracker
                              object: ./tracker.csv
                        """, 3, "health.freshness[0]", "needs maxAge"),
                bad("a repository without a URL", """
                        secrets:
                          repos:
                            - name: deals
                        """, 3, "secrets.repos[0].url", "is required"),

                // Duplicate keys, YAML syntax, tabs.
                bad("a key given twice", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              timeout: 5s
                              timeout: 10s
                        """, 6, "health.endpoints[0].timeout", "is defined twice (first on line 5)"),
                bad("a section given twice", """
                        alerts:
                          minSeverity: P1
                        alerts:
                          minSeverity: P2
                        """, 3, "alerts", "is defined twice (first on line 1)"),
                bad("an unclosed list", """
                        health:
                          endpoints: [
                        """, 3, "", "not valid YAML: expected the node content, but found '<stream end>'"),
                bad("a missing colon", """
                        health:
                          endpoints:
                            - name backend
                              url: https://api.example.com/health
                        """, 4, "", "not valid YAML: mapping values are not allowed here"),
                bad("an unclosed quote", """
                        name: "acme
                        """, 2, "", "found unexpected end of stream (while scanning a quoted scalar started on line 1)"),
                bad("tabs for indentation", "health:\n\tendpoints: []\n", 2, "", "Do not use \\t(TAB) for indentation"),

                // Conditions in expect are checked when the config is read, not when the check runs.
                bad("a condition with a single =", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              expect:
                                - "status == 200"
                                - "body.status = healthy"
                        """, 7, "health.endpoints[0].expect[1]", "\"body.status = healthy\": has no operator"),
                bad("a status that is not a number", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              expect: [ "status == ok" ]
                        """, 5, "health.endpoints[0].expect[0]", "use a 3-digit HTTP status"),
                bad("a subject Patrol cannot check", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              expect:
                                - "latency < 800ms"
                        """, 6, "health.endpoints[0].expect[0]", "\"latency\" is not something Patrol can check"),
                bad("a response time that is not a duration", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              expect:
                                - "responseTime < fast"
                        """, 6, "health.endpoints[0].expect[0]", "use a duration like 800ms"),
                bad("a broken regular expression", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              expect:
                                - 'body matches "(unclosed"'
                        """, 6, "health.endpoints[0].expect[0]", "has a bad regular expression"),
                bad("an empty expect list", """
                        health:
                          endpoints:
                            - name: backend
                              url: https://api.example.com/health
                              expect: []
                        """, 5, "health.endpoints[0].expect", "must list at least one condition"),

                // Values that contradict each other.
                bad("retention shorter than every", """
                        backups:
                          - name: pipeline-csv
                            location: s3://acme-backups/pipeline/
                            pattern: "pipeline_{yyyyMMdd}.csv.gz"
                            every: 1d
                            retention: 12h
                        """, 6, "backups[0].retention", "(12h) is shorter than every (1d)"),

                // Alert shaping: maintenance windows, reminders, escalation.
                bad("a window with a bad cron", """
                        maintenance:
                          - { schedule: "0 2 * * SONDAY", duration: 2h }
                        health:
                          endpoints: [ { name: api, url: "https://api.example.com/health" } ]
                        """, 2, "maintenance[0].schedule", "day-of-week"),
                bad("a window without a duration", """
                        maintenance:
                          - schedule: "0 2 * * SUN"
                        """, 2, "maintenance[0]", "needs duration"),
                bad("a window that ends before it starts", """
                        maintenance:
                          - from: "2026-12-06T04:00"
                            until: "2026-12-06T02:00"
                        """, 3, "maintenance[0].until", "is not after from"),
                bad("a window on a target that does not exist", """
                        maintenance:
                          - { schedule: "0 2 * * SUN", duration: 2h, targets: [apii] }
                        health:
                          endpoints: [ { name: api, url: "https://api.example.com/health" } ]
                        """, 2, "maintenance[0].targets", "\"apii\" is not a target; known: api"),
                bad("a window both repeating and one-off", """
                        maintenance:
                          - { schedule: "0 2 * * SUN", duration: 2h, from: "2026-12-06T02:00", until: "2026-12-06T03:00" }
                        """, 2, "maintenance[0]", "has both schedule and from/until"),
                bad("a window with a date that is not one", """
                        maintenance:
                          - { from: "next sunday", until: "2026-12-06T03:00" }
                        """, 2, "maintenance[0].from", "is not a date and time"),
                bad("a reminder interval that is not a duration", """
                        health:
                          endpoints:
                            - { name: api, url: "https://api.example.com/health", remindEvery: often }
                        """, 3, "health.endpoints[0].remindEvery", "is not a duration"),
                bad("no reminders at all", """
                        alerts:
                          maxReminders: 0
                        """, 2, "alerts.maxReminders", "must be a whole number of 1 or more"),

                // Routing, grouping, flapping.
                bad("a route to a channel that does not exist", """
                        alerts:
                          channels:
                            ops: { file: ops.jsonl }
                          routes:
                            - { name: db, match: { job: [backups] }, channels: [dba] }
                        """, 5, "alerts.routes[0].channels", "\"dba\" is not a channel; known: file, ops"),
                bad("an escalation naming no route", """
                        alerts:
                          channels:
                            pager: { file: pager.jsonl }
                          routes:
                            - { name: oncall, channels: [pager] }
                          escalation: on-call
                        """, 6, "alerts.escalation", "\"on-call\" is not the name of a route; known: oncall"),
                bad("two routes with one name", """
                        alerts:
                          routes:
                            - { name: db, channels: [file] }
                            - { name: db, channels: [file] }
                        """, 4, "alerts.routes[1].name", "is used by two routes"),
                bad("a route matching a severity that is not one", """
                        alerts:
                          routes:
                            - { name: db, match: { severity: [critical] }, channels: [file] }
                        """, 3, "alerts.routes[0].match.severity", "\"critical\" is not a severity"),
                bad("a channel of two kinds", """
                        alerts:
                          channels:
                            ops: { file: ops.jsonl, slack: { webhookUrl: "${OPS}" } }
                        """, 3, "alerts.channels.ops", "must be exactly one of"),
                bad("a channel named like the default route's", """
                        alerts:
                          file: alerts.jsonl
                          channels:
                            file: { file: other.jsonl }
                        """, 4, "alerts.channels.file", "is the name of the default route's channel"),
                bad("grouping above zero", """
                        alerts:
                          groupAbove: 0
                        """, 2, "alerts.groupAbove", "must be a whole number of 1 or more"),
                bad("a flapping window that is not a duration", """
                        alerts:
                          flapping: { changes: 4, window: hourly }
                        """, 2, "alerts.flapping.window", "is not a duration"),
                bad("a flapping key that does not exist", """
                        alerts:
                          flapping:
                            changes: 4
                            period: 1h
                        """, 4, "alerts.flapping.period", "known keys: changes, window"),

                // Every other key the alert-shaping issue added.
                bad("a window on a job that does not exist", """
                        maintenance:
                          - { from: "2026-12-24T18:00", until: "2026-12-27T08:00", jobs: [healht] }
                        """, 2, "maintenance[0].jobs", "healht"),
                bad("a window in a time zone that does not exist", """
                        maintenance:
                          - { schedule: "0 2 * * SUN", duration: 2h, timezone: Europe/Berlinn }
                        """, 2, "maintenance[0].timezone", "Europe/Berlinn"),
                bad("a window whose duration is not one", """
                        maintenance:
                          - { schedule: "0 2 * * SUN", duration: two hours }
                        """, 2, "maintenance[0].duration", "is not a duration"),
                bad("a window key that does not exist", """
                        maintenance:
                          - { schedule: "0 2 * * SUN", duration: 2h, target: [api] }
                        """, 2, "maintenance[0].target", "targets"),
                bad("a route matching on a key that does not exist", """
                        alerts:
                          routes:
                            - { name: db, match: { team: [dba] }, channels: [file] }
                        """, 3, "alerts.routes[0].match.team", "owner"),
                bad("a route without channels", """
                        alerts:
                          routes:
                            - { name: db, match: { owner: [dba] } }
                        """, 3, "alerts.routes[0]", "channels"),
                bad("a route matching a job that does not exist", """
                        alerts:
                          routes:
                            - { name: db, match: { job: [backup] }, channels: [file] }
                        """, 3, "alerts.routes[0].match.job", "\"backup\" is not a job; use health, backups, secrets, report"),
                bad("a route matching a target that does not exist", """
                        alerts:
                          routes:
                            - { name: db, match: { target: [orders-dbb] }, channels: [file] }
                        health:
                          tcp: [ { name: orders-db, address: "db.internal:5432" } ]
                        """, 3, "alerts.routes[0].match.target", "\"orders-dbb\" is not a target in the config; known: orders-db"),
                bad("a window on a TCP check that does not exist", """
                        maintenance:
                          - { schedule: "0 2 * * SUN", duration: 2h, targets: [orders-dbb] }
                        health:
                          tcp: [ { name: orders-db, address: "db.internal:5432" } ]
                        """, 2, "maintenance[0].targets", "known: orders-db"),
                bad("a route continue that is neither true nor false", """
                        alerts:
                          routes:
                            - { name: db, channels: [file], continue: maybe }
                        """, 3, "alerts.routes[0].continue", "maybe"),
                bad("an escalation delay that is not a duration", """
                        alerts:
                          escalateAfter: soon
                        """, 2, "alerts.escalateAfter", "is not a duration"),
                bad("flapping on no change at all", """
                        alerts:
                          flapping: { changes: 0, window: 1h }
                        """, 2, "alerts.flapping.changes", "1 or more"),
                bad("an SNS channel whose group is neither true nor false", """
                        alerts:
                          channels:
                            pager: { sns: { topicArn: "arn:aws:sns:us-east-1:123456789012:pager", group: sometimes } }
                        """, 3, "alerts.channels.pager.sns.group", "sometimes"),
                bad("a heartbeat period that is not one", """
                        health:
                          heartbeats:
                            - { name: nightly, schedule: "every often" }
                        """, 3, "health.heartbeats[0].schedule", "every"),
                bad("a heartbeat maxDuration that is not a duration", """
                        health:
                          heartbeats:
                            - { name: nightly, schedule: every 1d, maxDuration: long }
                        """, 3, "health.heartbeats[0].maxDuration", "is not a duration"),
                bad("a TCP address without a port", """
                        health:
                          tcp:
                            - { name: db, address: db.internal }
                        """, 3, "health.tcp[0].address", "port"),
                bad("a DNS expectation that is not an address", """
                        health:
                          dns:
                            - { name: api-dns, host: api.example.com, expect: [somewhere] }
                        """, 3, "health.dns[0].expect", "is not an IP address"),
                bad("a TLS STARTTLS protocol Patrol does not speak", """
                        health:
                          tls:
                            - { name: mail, address: "mail.example.com:25", starttls: imap }
                        """, 3, "health.tls[0].starttls", "not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void is_refused_with_the_line_and_key_path(Bad bad) {
        ConfigException e = refused(bad.yaml());

        assertThat(e.errors())
                .as("errors of:%n%s", bad.yaml())
                .anySatisfy(err -> {
                    assertThat(err.file()).isEqualTo(FILE);
                    assertThat(err.line()).as("line").isEqualTo(bad.line());
                    assertThat(err.path()).as("key path").isEqualTo(bad.path());
                    assertThat(err.message()).as("message").contains(bad.says());
                });
        assertThat(e.getMessage()).contains(FILE + ":" + bad.line() + ": ");
    }

    @Test
    void an_empty_file_is_refused() {
        assertThat(refused("").getMessage()).isEqualTo("patrol.yml is empty; at least one job section (health, backups, secrets) is needed");
        assertThat(refused("# only a comment\n\n").getMessage()).contains("is empty");
    }

    @Test
    void every_error_in_the_file_is_reported_at_once_in_file_order() {
        ConfigException e = refused("""
                name: acme
                alerts:
                  minSeverity: P9
                health:
                  endpoints:
                    - name: backend
                      url: https://api.example.com/health
                      timeout: soon
                      expect: [ "status == ok" ]
                  heartbeats:
                    - name: crm-sync
                      schedule: "0 9 * * XYZ"
                      timezone: Mars/Olympus
                backups:
                  - name: pipeline-csv
                    location: s3://acme-backups/pipeline/
                    pattern: "pipeline_{yyyyMMdd}.csv.gz"
                    retention: forever
                reprots: {}
                """);

        assertThat(e.errors()).extracting(ConfigError::line, ConfigError::path).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(19, "reprots"),
                org.assertj.core.groups.Tuple.tuple(3, "alerts.minSeverity"),
                org.assertj.core.groups.Tuple.tuple(8, "health.endpoints[0].timeout"),
                org.assertj.core.groups.Tuple.tuple(9, "health.endpoints[0].expect[0]"),
                org.assertj.core.groups.Tuple.tuple(12, "health.heartbeats[0].schedule"),
                org.assertj.core.groups.Tuple.tuple(13, "health.heartbeats[0].timezone"),
                org.assertj.core.groups.Tuple.tuple(18, "backups[0].retention"));
        assertThat(e.getMessage().lines()).hasSize(7);
    }

    @Test
    void an_error_message_never_repeats_a_literal_secret() {
        ConfigException e = refused("""
                alerts:
                  slack: { webhookUrl: "http://hooks.slack.com/services/T0/B0/s3cr3tT0ken" }
                health:
                  endpoints:
                    - name: backend
                      url: "ftp://user:hunter2@api.example.com/health?key=s3cr3tK3y"
                """);

        assertThat(e.errors()).hasSize(2);
        assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("hunter2");
    }

    @Test
    void windows_and_routes_may_name_every_kind_of_health_check() {
        PatrolConfig c = ConfigLoader.parse("""
                maintenance:
                  - { schedule: "0 2 * * SUN", duration: 2h, targets: [orders-db, api-dns, mail-cert], jobs: [health] }
                alerts:
                  routes:
                    - { name: db, match: { target: [orders-db], job: [health, report] }, channels: [file] }
                health:
                  tcp: [ { name: orders-db, address: "db.internal:5432" } ]
                  dns: [ { name: api-dns, host: api.example.com } ]
                  tls: [ { name: mail-cert, address: "mail.example.com:465" } ]
                """, FILE, Path.of("/srv/patrol"));
        assertThat(c.alerts().maintenance()).singleElement().satisfies(w -> assertThat(w.covers("health", "mail-cert")).isTrue());
        assertThat(c.alerts().routes()).singleElement().extracting(Route::name).isEqualTo("db");
    }

    private static ConfigException refused(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, FILE, Path.of("/srv/patrol")));
        assertThat(e).as("config should be refused:%n%s", yaml).isNotNull();
        return e;
    }

    @SuppressWarnings("unused")
    private static List<String> messages(ConfigException e) {
        return e.errors().stream().map(ConfigError::toString).toList();
    }
}
