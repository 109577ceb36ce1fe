package dev.patrol.config;

import dev.patrol.alert.Severity;
import dev.patrol.health.Condition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code patrol.yml} into a {@link PatrolConfig}. The whole file is checked
 * before anything runs, and every error is reported at once with file:line and
 * key path ({@link ConfigException}, exit 2). References ({@code ${ENV}},
 * {@code secretsmanager:}, {@code ssm:}) are kept as {@link SecretValue}s and
 * resolved only when used.
 */
public final class ConfigLoader {
    private static final java.util.regex.Pattern HTTP_URL = java.util.regex.Pattern.compile("https?://[^\\s/]+.*");
    /** The jobs a route may match. */
    private static final List<String> JOBS = List.of("health", "backups", "secrets", "report");
    private static final Set<String> TOP = Set.of("name", "state", "aws", "alerts", "health", "backups", "secrets", "reports", "maintenance");
    private static final long MAX_CONFIG_BYTES = 4L << 20;

    private ConfigLoader() {}

    public static PatrolConfig load(Path file) {
        String display = file.toString();
        try {
            if (Files.isDirectory(file)) throw new ConfigException(display, "is a folder; point --config at a patrol.yml file");
            if (Files.size(file) > MAX_CONFIG_BYTES) throw new ConfigException(display, "is larger than 4 MB; is this the right file?");
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            Path base = file.toAbsolutePath().normalize().getParent();
            PatrolConfig c = parse(text, display, base);
            return new PatrolConfig(c.name(), file.toAbsolutePath().normalize(), c.state(), c.aws(), c.alerts(), c.health(),
                    c.backups(), c.secrets(), c.reports());
        } catch (NoSuchFileException e) {
            throw new ConfigException(display, "does not exist; create it (see examples/patrol.yml) or pass --config FILE");
        } catch (CharacterCodingException e) {
            throw new ConfigException(display, "is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(display, "cannot be read: " + e.getMessage());
        }
    }

    /** Parses config text; {@code baseDir} anchors relative paths (the config's folder). */
    public static PatrolConfig parse(String text, String file, Path baseDir) {
        ConfigReading r = new ConfigReading(file);
        YamlNode root = new YamlReader(file, r.errors()).read(text);
        if (root == null && r.errors().isEmpty()) {
            throw new ConfigException(file, "is empty; at least one job section (health, backups, secrets) is needed");
        }
        if (root != null && !(root instanceof YamlNode.Mapping)) {
            r.error(root.line(), "", "the file must be a mapping of sections (name:, health:, backups: ...), not " + root.describe());
        }
        if (!r.errors().isEmpty()) throw new ConfigException(r.errors());

        Node top = new Node(r, "", (YamlNode.Mapping) root, 1);
        top.allowOnly(TOP);
        Locations at = new Locations(baseDir);
        String name = top.text("name");
        if (name == null) name = "patrol";
        StateConfig state = state(r, top.mapping("state"), at);
        AwsConfig aws = aws(top.mapping("aws"));
        List<java.util.function.Consumer<Map<String, Set<String>>>> routeTargets = new ArrayList<>();
        AlertsConfig alerts = alerts(r, top.mapping("alerts"), at, routeTargets);
        HealthConfig health = health(r, top.mapping("health"), at);
        List<BackupSetConfig> backups = backups(r, top, at);
        SecretsConfig secrets = secrets(r, top.mapping("secrets"), at);
        ReportsConfig reports = reports(r, top.mapping("reports"), at, secrets, health);
        Map<String, Set<String>> targets = targetNames(health, backups, secrets);
        routeTargets.forEach(check -> check.accept(targets));
        alerts = alerts.with(Maintenance.read(r, top, targets), r.policies());

        if (!r.errors().isEmpty()) throw new ConfigException(r.errors());
        return new PatrolConfig(name, baseDir == null ? null : baseDir.resolve("patrol.yml"), state, aws, alerts, health,
                backups, secrets, reports);
    }

    /** Every target name by job, for references from maintenance windows and routes. */
    private static Map<String, Set<String>> targetNames(HealthConfig health, List<BackupSetConfig> backups, SecretsConfig secrets) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Set<String> h = new java.util.HashSet<>();
        health.endpoints().forEach(e -> h.add(e.name()));
        health.heartbeats().forEach(e -> h.add(e.name()));
        health.freshness().forEach(e -> h.add(e.name()));
        health.tcp().forEach(e -> h.add(e.name()));
        health.dns().forEach(e -> h.add(e.name()));
        health.tls().forEach(e -> h.add(e.name()));
        out.put("health", h);
        Set<String> b = new java.util.HashSet<>();
        backups.forEach(x -> b.add(x.name()));
        out.put("backups", b);
        Set<String> s = new java.util.HashSet<>();
        secrets.repos().forEach(x -> s.add(x.name()));
        out.put("secrets", s);
        out.values().forEach(names -> names.remove(null)); // a target without a name is reported already
        return out;
    }

    private static StateConfig state(ConfigReading r, Node n, Locations at) {
        n.allowOnly(Set.of("table", "dir"));
        String table = n.text("table");
        if (table != null && !table.matches("[A-Za-z0-9_.-]{3,255}")) {
            n.error("table", "\"" + table + "\" is not a DynamoDB table name (3-255 letters, digits, '_', '-', '.')");
        }
        String dir = n.text("dir");
        return new StateConfig(table, at.path(dir == null ? ".patrol" : dir));
    }

    private static AwsConfig aws(Node n) {
        n.allowOnly(Set.of("region", "endpoint"));
        String region = n.text("region");
        if (region != null && !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            n.error("region", "\"" + region + "\" is not an AWS region name (like us-east-1)");
        }
        String endpoint = n.text("endpoint");
        if (endpoint != null && !endpoint.matches("https?://\\S+")) {
            n.error("endpoint", "\"" + endpoint + "\" must be an http:// or https:// URL (like http://127.0.0.1:4566)");
        }
        return new AwsConfig(region, endpoint);
    }

    /** {@code routeTargets} gets the checks of route targets, which can run only once every target is read. */
    private static AlertsConfig alerts(ConfigReading r, Node n, Locations at, List<java.util.function.Consumer<Map<String, Set<String>>>> routeTargets) {
        n.allowOnly(Set.of("minSeverity", "slack", "sns", "file", "remindEvery", "maxReminders", "escalateAfter",
                "channels", "routes", "escalation", "groupAbove", "flapping"));
        Severity min = r.severity(n, "minSeverity", Severity.P3);
        AlertPolicy defaults = r.policy(n);
        Channel slack = n.has("slack") ? slack(n.mapping("slack"), "slack") : null;
        Channel sns = n.has("sns") ? sns(r, n.mapping("sns"), "sns") : null;
        String file = n.text("file");
        Path filePath = file != null ? at.path(file)
                : (slack == null && sns == null ? at.path(".patrol/alerts.jsonl") : null);
        Map<String, Channel> channels = new LinkedHashMap<>(AlertsConfig.defaultChannels(
                slack == null ? null : slack.webhookUrl(), sns == null ? null : sns.topicArn(), filePath));
        if (sns != null) channels.put("sns", sns);
        Node named = n.mapping("channels");
        for (String name : named.keys()) {
            Node c = named.mapping(name);
            if (channels.containsKey(name)) {
                named.error(name, "\"" + name + "\" is the name of the default route's channel; call it something else (ops-slack, dba-sns)");
                continue;
            }
            c.allowOnly(Set.of("slack", "sns", "file"));
            int kinds = (c.has("slack") ? 1 : 0) + (c.has("sns") ? 1 : 0) + (c.has("file") ? 1 : 0);
            if (kinds != 1) {
                named.error(name, "must be exactly one of slack: {webhookUrl: ...}, sns: {topicArn: ...} or file: PATH");
                continue;
            }
            Channel ch = c.has("slack") ? slack(c.mapping("slack"), name)
                    : c.has("sns") ? sns(r, c.mapping("sns"), name)
                    : new Channel(name, Channel.Kind.FILE, null, null, at.path(c.text("file")), false);
            if (ch != null) channels.put(name, ch);
        }
        List<Route> routes = new ArrayList<>();
        Set<String> routeNames = new java.util.HashSet<>();
        for (Node rt : n.mappings("routes")) {
            rt.allowOnly(Set.of("name", "match", "channels", "continue"));
            String name = rt.requiredText("name", "database");
            if (name != null && !routeNames.add(name)) rt.error("name", "\"" + name + "\" is used by two routes; names must be unique");
            Node match = rt.mapping("match");
            match.allowOnly(Set.of("job", "target", "severity", "owner"));
            List<String> severities = list(match, "severity");
            severities.stream().filter(v -> Severity.parse(v).isEmpty())
                    .forEach(v -> match.error("severity", "\"" + v + "\" is not a severity; use P0, P1, P2 or P3"));
            list(match, "job").stream().filter(j -> !JOBS.contains(j))
                    .forEach(j -> match.error("job", "\"" + j + "\" is not a job; use " + String.join(", ", JOBS)));
            List<String> targets = list(match, "target");
            routeTargets.add(known -> targets.stream().filter(t -> known.values().stream().noneMatch(names -> names.contains(t)))
                    .forEach(t -> match.error("target", "\"" + t + "\" is not a target in the config; known: " + String.join(", ",
                            known.values().stream().flatMap(Set::stream).sorted().toList()))));
            List<String> to = list(rt, "channels");
            if (to.isEmpty()) rt.error(null, "needs channels: [NAME, ...] (names from alerts.channels, or slack, sns, file)");
            to.stream().filter(c -> !channels.containsKey(c)).forEach(c -> rt.error("channels", "\"" + c + "\" is not a channel; known: "
                    + (channels.isEmpty() ? "none (add it under alerts.channels)" : String.join(", ", channels.keySet()))));
            routes.add(new Route(name, list(match, "job"), list(match, "target"), severities, list(match, "owner"), to,
                    r.bool(rt, "continue", false)));
        }
        String escalation = n.text("escalation");
        if (escalation != null && !routeNames.contains(escalation)) {
            n.error("escalation", "\"" + escalation + "\" is not the name of a route; known: "
                    + (routeNames.isEmpty() ? "none (add it under alerts.routes)" : String.join(", ", routeNames.stream().sorted().toList())));
            escalation = null;
        }
        int groupAbove = r.positiveInt(n, "groupAbove", AlertsConfig.DEFAULT_GROUP_ABOVE);
        Node f = n.mapping("flapping");
        f.allowOnly(Set.of("changes", "window"));
        // Present (even as flapping: {}) turns it on, with Nagios-like defaults.
        AlertsConfig.Flapping flapping = !n.has("flapping") ? AlertsConfig.Flapping.OFF
                : new AlertsConfig.Flapping(r.positiveInt(f, "changes", AlertsConfig.Flapping.DEFAULT.changes()),
                        r.positiveDuration(f, "window", AlertsConfig.Flapping.DEFAULT.window()));
        return new AlertsConfig(min, slack == null ? null : slack.webhookUrl(), sns == null ? null : sns.topicArn(), filePath,
                List.of(), defaults, Map.of(), channels, routes, escalation, groupAbove, flapping);
    }

    private static List<String> list(Node n, String key) {
        List<String> v = n.texts(key);
        return v == null ? List.of() : v;
    }

    private static Channel slack(Node s, String name) {
        s.allowOnly(Set.of("webhookUrl"));
        String url = s.requiredText("webhookUrl", "\"${SLACK_WEBHOOK_URL}\"");
        if (url == null) return null;
        SecretValue v = SecretValue.of(url);
        if (!v.isReference() && !url.startsWith("https://")) {
            s.error("webhookUrl", "must be an https:// Slack incoming-webhook URL or a reference like \"${SLACK_WEBHOOK_URL}\"");
        }
        return new Channel(name, Channel.Kind.SLACK, v, null, null, true);
    }

    private static Channel sns(ConfigReading r, Node s, String name) {
        s.allowOnly(Set.of("topicArn", "group"));
        String topic = s.requiredText("topicArn", "\"arn:aws:sns:us-east-1:123456789012:patrol\"");
        if (topic != null && !topic.matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?")) {
            s.error("topicArn", "\"" + topic + "\" is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)");
        }
        return topic == null ? null : new Channel(name, Channel.Kind.SNS, null, topic, null, r.bool(s, "group", false));
    }

    private static HealthConfig health(ConfigReading r, Node n, Locations at) {
        n.allowOnly(Set.of("endpoints", "heartbeats", "freshness", "tcp", "dns", "tls"));
        ConfigReading.Names names = r.new Names("health targets");
        List<HealthConfig.Endpoint> endpoints = new ArrayList<>();
        for (Node e : n.mappings("endpoints")) {
            e.allowOnly(ConfigReading.target(Set.of("name", "url", "method", "headers", "timeout", "expect", "failAfter", "severity")));
            String name = names.claim(e);
            r.policyOf(e, "health", name);
            String url = e.requiredText("url", "https://api.example.com/health");
            if (url != null && !SecretValue.of(url).isReference() && !HTTP_URL.matcher(url).matches()) {
                String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
                e.error("url", switch (scheme) {
                    case "tcp" -> "must be an http:// or https:// URL; a tcp:// address goes under health.tcp (address: host:port)";
                    case "tls", "starttls" -> "must be an http:// or https:// URL; a certificate of host:port is checked under health.tls";
                    case "dns" -> "must be an http:// or https:// URL; a name to resolve goes under health.dns (host: NAME)";
                    default -> "must be an http:// or https:// URL";
                });
            }
            String method = e.text("method");
            if (method == null) method = "GET";
            if (!Set.of("GET", "HEAD", "POST", "PUT", "OPTIONS").contains(method.toUpperCase(java.util.Locale.ROOT))) {
                e.error("method", "\"" + method + "\" must be GET, HEAD, POST, PUT or OPTIONS");
            }
            Map<String, SecretValue> headers = new LinkedHashMap<>();
            e.textMap("headers").forEach((k, v) -> headers.put(k, SecretValue.of(v)));
            Duration timeout = r.positiveDuration(e, "timeout", Duration.ofSeconds(10));
            if (timeout.compareTo(Duration.ofMinutes(5)) > 0) e.error("timeout", "must be 5m or less");
            List<String> expect = e.texts("expect");
            if (expect == null) expect = List.of("status == 200");
            if (expect.isEmpty()) e.error("expect", "must list at least one condition, like \"status == 200\"");
            List<YamlNode> items = e.entry("expect") != null && e.entry("expect").value() instanceof YamlNode.Sequence s ? s.items() : List.of();
            for (int i = 0; i < expect.size(); i++) {
                try {
                    Condition.parse(expect.get(i));
                } catch (IllegalArgumentException ex) {
                    int line = i < items.size() ? items.get(i).line() : e.lineOf("expect");
                    r.error(line, e.child("expect") + "[" + i + "]", "\"" + expect.get(i) + "\": " + ex.getMessage());
                }
            }
            endpoints.add(new HealthConfig.Endpoint(name, SecretValue.of(url), method.toUpperCase(java.util.Locale.ROOT),
                    headers, timeout, expect, r.positiveInt(e, "failAfter", 1), r.severity(e, "severity", Severity.P2)));
        }
        List<HealthConfig.Heartbeat> heartbeats = new ArrayList<>();
        for (Node h : n.mappings("heartbeats")) {
            h.allowOnly(ConfigReading.target(Set.of("name", "schedule", "timezone", "grace", "failAfter", "severity", "token", "maxDuration")));
            String name = names.claim(h);
            r.policyOf(h, "health", name);
            Duration every = r.period(h, "schedule");
            heartbeats.add(new HealthConfig.Heartbeat(name, every == null ? r.cron(h, "schedule") : null, every, r.zone(h, "timezone"),
                    r.duration(h, "grace", Duration.ofMinutes(30)), r.positiveInt(h, "failAfter", 1),
                    r.severity(h, "severity", Severity.P2), SecretValue.of(h.text("token")),
                    r.positiveDuration(h, "maxDuration", null)));
        }
        List<HealthConfig.Freshness> freshness = new ArrayList<>();
        for (Node f : n.mappings("freshness")) {
            f.allowOnly(ConfigReading.target(Set.of("name", "object", "maxAge", "failAfter", "severity")));
            String name = names.claim(f);
            r.policyOf(f, "health", name);
            String object = f.requiredText("object", "s3://bucket/path/file.csv");
            if (!f.has("maxAge")) f.error(null, "needs maxAge (e.g. maxAge: 26h)");
            freshness.add(new HealthConfig.Freshness(name, object == null ? null : at.location(object),
                    r.positiveDuration(f, "maxAge", Duration.ofHours(26)), r.positiveInt(f, "failAfter", 1),
                    r.severity(f, "severity", Severity.P2)));
        }
        List<HealthConfig.Tcp> tcp = new ArrayList<>();
        for (Node t : n.mappings("tcp")) {
            t.allowOnly(ConfigReading.target(Set.of("name", "address", "timeout", "failAfter", "severity")));
            String name = names.claim(t);
            r.policyOf(t, "health", name);
            HostPort a = hostPort(t, "db.internal:5432");
            tcp.add(new HealthConfig.Tcp(name, a.host(), a.port(), probeTimeout(r, t), r.positiveInt(t, "failAfter", 1),
                    r.severity(t, "severity", Severity.P2)));
        }
        List<HealthConfig.Dns> dns = new ArrayList<>();
        for (Node d : n.mappings("dns")) {
            d.allowOnly(ConfigReading.target(Set.of("name", "host", "expect", "timeout", "failAfter", "severity")));
            String name = names.claim(d);
            r.policyOf(d, "health", name);
            String host = d.requiredText("host", "api.example.com");
            if (host != null && !host.matches("[A-Za-z0-9._-]{1,253}")) d.error("host", "\"" + host + "\" is not a host name");
            List<String> expect = d.texts("expect");
            if (expect == null) expect = List.of();
            for (String address : expect) {
                if (!address.matches("[0-9.]+|[0-9A-Fa-f:]+")) d.error("expect", "\"" + address + "\" is not an IP address (like 10.0.0.1 or 2001:db8::1)");
            }
            dns.add(new HealthConfig.Dns(name, host, expect, probeTimeout(r, d), r.positiveInt(d, "failAfter", 1),
                    r.severity(d, "severity", Severity.P2)));
        }
        List<HealthConfig.Tls> tls = new ArrayList<>();
        for (Node t : n.mappings("tls")) {
            t.allowOnly(ConfigReading.target(Set.of("name", "address", "starttls", "minValidity", "timeout", "failAfter", "severity")));
            String name = names.claim(t);
            r.policyOf(t, "health", name);
            HostPort a = hostPort(t, "smtp.example.com:465");
            String starttls = t.text("starttls");
            if (starttls != null && !starttls.equals("smtp")) t.error("starttls", "\"" + starttls + "\" is not supported; leave it out for plain TLS or use smtp");
            tls.add(new HealthConfig.Tls(name, a.host(), a.port(), starttls, r.positiveDuration(t, "minValidity", Duration.ofDays(14)),
                    probeTimeout(r, t), r.positiveInt(t, "failAfter", 1), r.severity(t, "severity", Severity.P2)));
        }
        return new HealthConfig(endpoints, heartbeats, freshness, tcp, dns, tls);
    }

    private record HostPort(String host, int port) {}

    /** {@code host:port}, with {@code [v6]:port} for IPv6 addresses; a {@code tcp://} or {@code tls://} prefix is allowed, as in Gatus. */
    private static HostPort hostPort(Node n, String example) {
        String raw = n.requiredText("address", example);
        if (raw == null) return new HostPort(null, 0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(?:tcp|tls)://)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})").matcher(raw.trim());
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
            n.error("address", "\"" + raw + "\" must be host:port, like " + example);
            return new HostPort(null, 0);
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        return new HostPort(host, Integer.parseInt(m.group(2)));
    }

    private static Duration probeTimeout(ConfigReading r, Node n) {
        Duration timeout = r.positiveDuration(n, "timeout", Duration.ofSeconds(10));
        if (timeout.compareTo(Duration.ofMinutes(5)) > 0) n.error("timeout", "must be 5m or less");
        return timeout;
    }

    private static List<BackupSetConfig> backups(ConfigReading r, Node top, Locations at) {
        ConfigReading.Names names = r.new Names("backups");
        List<BackupSetConfig> out = new ArrayList<>();
        for (Node b : top.mappings("backups")) {
            b.allowOnly(ConfigReading.target(Set.of("name", "location", "pattern", "every", "maxAge", "retention", "minSize", "restore",
                    "severity", "source", "prune", "failAfter", "restoreTest")));
            String name = names.claim(b);
            r.policyOf(b, "backups", name);
            String location = b.requiredText("location", "s3://acme-backups/pipeline/");
            String pattern = b.requiredText("pattern", "\"pipeline_{yyyyMMdd}.csv.gz\"");
            Duration every = r.positiveDuration(b, "every", Duration.ofDays(1));
            Duration maxAge = r.positiveDuration(b, "maxAge", every.plusHours(2));
            Duration retention = r.duration(b, "retention", null);
            if (retention != null && retention.compareTo(every) < 0) {
                b.error("retention", "(" + b.text("retention") + ") is shorter than every (" + b.text("every") + "): nothing could be kept");
            }
            if (pattern != null) checkPattern(b, pattern, every);
            String restore = b.text("restore");
            if (restore == null) restore = "auto";
            if (pattern != null && pattern.endsWith("/")) checkFolderPattern(b, pattern, restore);
            if (dev.patrol.backups.restore.RestoreFormat.parse(restore).isEmpty()) {
                b.error("restore", "\"" + restore + "\" must be one of " + dev.patrol.backups.restore.RestoreFormat.words());
            }
            String restoreTest = b.text("restoreTest");
            if (restoreTest == null) restoreTest = "read";
            if (!Set.of("read", "request").contains(restoreTest)) {
                b.error("restoreTest", "\"" + restoreTest + "\" must be read (read what can be read) or request (also ask S3 to restore archived objects)");
            }
            String source = b.text("source");
            out.add(new BackupSetConfig(name, location == null ? null : at.location(location), pattern, every, maxAge,
                    retention, r.size(b, "minSize", 1), restore, r.severity(b, "severity", Severity.P1),
                    source == null ? null : at.location(source), r.bool(b, "prune", false), r.positiveInt(b, "failAfter", 1), restoreTest));
        }
        return out;
    }

    /**
     * A pattern must parse, and name one backup per period of {@code every} or finer: a
     * monthly name for daily backups would make each night overwrite the last.
     */
    private static void checkPattern(Node b, String pattern, Duration every) {
        dev.patrol.backups.BackupPattern parsed;
        try {
            parsed = dev.patrol.backups.BackupPattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            b.error("pattern", e.getMessage());
            return;
        }
        if (every != null && parsed.granularity().compareTo(every) > 0) {
            b.error("pattern", "\"" + pattern + "\" names one backup per " + parsed.periodName()
                    + " but every is " + (b.text("every") == null ? "1d (the default)" : b.text("every")) + ": backups of the same " + parsed.periodName() + " would get the same name and overwrite each other; put a finer date in the name (e.g. {yyyyMMdd} for daily)");
        }
    }

    /**
     * A pattern ending in {@code /} makes each backup a folder of objects, which Patrol
     * restore-tests as a {@code pg_dump -Fd} directory: other formats and snapshots
     * (which write one object) cannot work on it.
     */
    private static void checkFolderPattern(Node b, String pattern, String restore) {
        if (pattern.contains("//") || pattern.equals("/")) {
            b.error("pattern", "\"" + pattern + "\" has an empty folder name; write one folder per backup, e.g. \"db_{yyyyMMdd}/\"");
        } else if (!restore.equals("auto") && !restore.equals("pgdump") && !restore.equals("none")) {
            b.error("restore", "\"" + restore + "\" cannot read a backup kept as a folder (pattern \"" + pattern
                    + "\" ends in /): a folder is read as a pg_dump -Fd directory; use restore: pgdump, or a pattern without the trailing /");
        }
        if (b.text("source") != null) {
            b.error("source", "a snapshot writes one object, but pattern \"" + pattern + "\" ends in / (a folder per backup); drop the trailing / or the source");
        }
    }

    private static SecretsConfig secrets(ConfigReading r, Node n, Locations at) {
        n.allowOnly(Set.of("rules", "repos", "severity", "verify", "verifyEvery"));
        String rules = n.text("rules");
        if (rules == null) rules = "default";
        else if (!rules.equals("default")) rules = at.location(rules);
        Severity severity = r.severity(n, "severity", Severity.P1);
        ConfigReading.Names names = r.new Names("secrets repos");
        List<SecretsConfig.Repo> repos = new ArrayList<>();
        List<SecretsConfig.Org> orgs = new ArrayList<>();
        for (Node repo : n.mappings("repos")) {
            if (OrgEntry.is(repo)) {
                orgs.add(OrgEntry.read(r, repo, names, severity));
                continue;
            }
            repo.allowOnly(ConfigReading.target(Set.of("name", "url", "token", "severity")));
            String name = names.claim(repo);
            r.policyOf(repo, "secrets", name);
            String url = repo.requiredText("url", "https://github.com/acme/deals.git");
            if (url != null) dev.patrol.secrets.git.RepoSource.unsupported(url).or(() -> dev.patrol.secrets.git.RepoSource.inClear(url, repo.has("token")))
                    .ifPresent(why -> repo.error("url", why));
            repos.add(new SecretsConfig.Repo(name, url == null ? null : at.location(url), SecretValue.of(repo.text("token")),
                    r.severity(repo, "severity", severity)));
        }
        return new SecretsConfig(rules, repos, orgs, severity, r.bool(n, "verify", false),
                r.positiveDuration(n, "verifyEvery", SecretsConfig.DEFAULT_VERIFY_EVERY));
    }

    private static ReportsConfig reports(ConfigReading r, Node n, Locations at, SecretsConfig secrets, HealthConfig health) {
        n.allowOnly(Set.of("output", "window", "benchmark", "repos"));
        String out = n.text("output");
        java.time.Duration window = r.positiveDuration(n, "window", ReportsConfig.DEFAULT_WINDOW);
        String benchmark = n.text("benchmark");
        String table = benchmark == null ? ReportsConfig.DORA_2023 : switch (benchmark.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "2023", "DORA 2023" -> ReportsConfig.DORA_2023;
            case "2021", "DORA 2021" -> ReportsConfig.DORA_2021;
            default -> {
                n.error("benchmark", "\"" + benchmark + "\" is not a benchmark table; use 2023 (the default) or 2021");
                yield ReportsConfig.DORA_2023;
            }
        };
        Set<String> secretRepos = new java.util.HashSet<>();
        secrets.repos().forEach(repo -> secretRepos.add(repo.name()));
        Set<String> healthTargets = new java.util.HashSet<>();
        healthTargets.addAll(health.targetNames());
        Set<String> seen = new java.util.HashSet<>();
        List<ReportsConfig.Repo> repos = new ArrayList<>();
        for (Node repo : n.mappings("repos")) {
            repo.allowOnly(Set.of("repo", "deployments", "services", "failureWindow"));
            String name = repo.requiredText("repo", "deals");
            if (name != null && !secretRepos.contains(name)) {
                repo.error("repo", "\"" + name + "\" is not a name from secrets.repos"
                        + (secretRepos.isEmpty() ? " (there are none: add the repository under secrets.repos)"
                        : "; known: " + String.join(", ", secretRepos.stream().sorted().toList())));
            } else if (name != null && !seen.add(name)) {
                repo.error("repo", "\"" + name + "\" is listed twice; one entry per repository");
            }
            String deployments = repo.text("deployments");
            if (deployments != null && !(deployments.matches("tag:\\S+") || deployments.matches("branch:\\S+"))) {
                repo.error("deployments", "\"" + deployments + "\" must be tag:GLOB (e.g. tag:v*) or branch:NAME (e.g. branch:main)");
                deployments = null;
            }
            List<String> services = repo.texts("services");
            if (services != null) {
                for (String s : services) {
                    if (!healthTargets.contains(s)) {
                        repo.error("services", "\"" + s + "\" is not a health target (endpoint, heartbeat, freshness, tcp, dns or tls check)"
                                + (healthTargets.isEmpty() ? "" : "; known: " + String.join(", ", healthTargets.stream().sorted().toList())));
                    }
                }
            }
            repos.add(new ReportsConfig.Repo(name, deployments, services,
                    r.positiveDuration(repo, "failureWindow", ReportsConfig.Repo.DEFAULT_FAILURE_WINDOW)));
        }
        return new ReportsConfig(out == null ? null : at.location(out), window, table, repos);
    }

    /** Relative paths in the config are relative to the config file's folder, not the working directory. */
    private record Locations(Path base) {
        Path path(String p) {
            Path path = Path.of(p);
            return base == null || path.isAbsolute() ? path.normalize() : base.resolve(path).normalize();
        }

        String location(String raw) {
            if (raw.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || raw.startsWith("git@") || SecretValue.of(raw).isReference()) {
                return raw;
            }
            return path(raw).toString();
        }
    }
}
