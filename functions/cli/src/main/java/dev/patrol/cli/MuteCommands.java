package dev.patrol.cli;

import dev.patrol.alert.Mutes;
import dev.patrol.config.PatrolConfig;
import dev.patrol.state.Json;
import dev.patrol.time.Clocks;
import dev.patrol.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code patrol mute}, {@code unmute} and {@code mutes}: snoozes kept in state, so the
 * deployed functions honour a mute set from a laptop (with the same {@code state.table}).
 */
final class MuteCommands {
    private static final Duration LONGEST = Duration.ofDays(90);
    /** A run may hold embedded state for a while; a mute should wait for it rather than fail. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private MuteCommands() {}

    static Mutes mutes(Workspace ws, String what) {
        return new Mutes(ws.state(what, WAIT), Clocks.fromEnvironment());
    }

    /** Every target name of every job: a mute names a target wherever it is. */
    static Set<String> targets(PatrolConfig c) {
        Set<String> names = new TreeSet<>();
        c.health().endpoints().forEach(e -> names.add(e.name()));
        c.health().heartbeats().forEach(e -> names.add(e.name()));
        c.health().freshness().forEach(e -> names.add(e.name()));
        c.health().tcp().forEach(e -> names.add(e.name()));
        c.health().dns().forEach(e -> names.add(e.name()));
        c.health().tls().forEach(e -> names.add(e.name()));
        c.backups().forEach(b -> names.add(b.name()));
        c.secrets().repos().forEach(r -> names.add(r.name()));
        c.secrets().orgs().forEach(o -> names.add(o.name()));
        return names;
    }

    /** Whether {@code target} names a target of the config; a repository of an organisation (acme/api) without asking the forge. */
    static boolean known(PatrolConfig c, Set<String> targets, String target) {
        return targets.contains(target)
                || c.secrets().orgs().stream().anyMatch(o -> target.startsWith(o.name() + "/") && target.length() > o.name().length() + 1);
    }

    static void checkKnown(PatrolConfig c, List<String> asked) {
        Set<String> known = targets(c);
        List<String> unknown = asked.stream().filter(t -> !known(c, known, t)).toList();
        if (!unknown.isEmpty()) {
            throw new UserError(ExitCodes.USAGE, "no target " + String.join(", ", unknown) + " in the config; known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
    }

    @Command(name = "mute", description = {"Hold the DOWN and NEW alerts of targets for a while (checks still run and state is kept).",
            "When the mute ends (by expiry or unmute), a target still down alerts once, at the next run."})
    static final class Mute implements Callable<Integer> {
        @ParentCommand
        Patrol patrol;

        @Parameters(paramLabel = "TARGET", arity = "1..*", description = "target names (endpoints, heartbeats, backups, repos)")
        List<String> targets;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "how long: 30m, 2h, 1d (at most 90d)")
        String length;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (shown by patrol mutes and kept in state)")
        String reason;

        @Override
        public Integer call() {
            Duration d = Durations.parse(length).orElseThrow(() -> new UserError(ExitCodes.USAGE,
                    "--for \"" + length + "\" is not a duration; write a number and a unit: 30m, 2h, 1d"));
            if (d.isZero() || d.isNegative()) throw new UserError(ExitCodes.USAGE, "--for must be longer than 0");
            if (d.compareTo(LONGEST) > 0) {
                throw new UserError(ExitCodes.USAGE, "--for " + length + " is longer than 90d; remove the target from the config instead");
            }
            if (reason.isBlank()) throw new UserError(ExitCodes.USAGE, "--reason must say why the target is muted");
            try (Workspace ws = Workspace.open(patrol.config)) {
                checkKnown(ws.config(), targets);
                Mutes mutes = mutes(ws, "mute");
                Instant ends = Clocks.fromEnvironment().instant().plus(d);
                // A mute that would end sooner than one in force is someone's mute cut short: refused, for every target, before any is written.
                List<String> shorter = mutes.active().stream().filter(m -> targets.contains(m.target()) && m.until().isAfter(ends))
                        .map(m -> m.target() + " is muted until " + m.until() + " (" + m.reason() + ")").toList();
                if (!shorter.isEmpty()) {
                    throw new UserError(ExitCodes.USAGE, String.join("; ", shorter) + ", longer than --for " + length
                            + "; run patrol unmute first to shorten a mute");
                }
                for (String t : targets.stream().distinct().toList()) {
                    var before = mutes.mute(t, d, reason.strip());
                    var now = mutes.active().stream().filter(m -> m.target().equals(t)).findFirst().orElseThrow();
                    System.out.println("muted " + t + " until " + now.until() + " (" + length + "): " + now.reason()
                            + before.map(b -> "; replaces the mute until " + b.until()).orElse(""));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "unmute", description = {"End the mute of targets now.",
            "A target that is still down sends its held DOWN once, at the next run."})
    static final class Unmute implements Callable<Integer> {
        @ParentCommand
        Patrol patrol;

        @Parameters(paramLabel = "TARGET", arity = "1..*")
        List<String> targets;

        @Override
        public Integer call() {
            try (Workspace ws = Workspace.open(patrol.config)) {
                checkKnown(ws.config(), targets);
                Mutes mutes = mutes(ws, "unmute");
                for (String t : targets.stream().distinct().toList()) {
                    System.out.println(mutes.unmute(t).map(m -> "unmuted " + t + " (was muted until " + m.until() + ")")
                            .orElse(t + " was not muted"));
                }
                return ExitCodes.OK;
            }
        }
    }

    /**
     * One row a mute with a header, as {@code findings list} prints: how long it has left, and which mutes name nothing in
     * this config (mutes live in state, which a laptop and the deployed functions share, each with its own config).
     */
    private static void print(PatrolConfig config, List<Mutes.Mute> active, Instant now) {
        Set<String> targets = targets(config);
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"TARGET", "UNTIL", "LEFT", "SET", "REASON"});
        for (Mutes.Mute m : active) {
            String target = m.target() + (config.secrets().orgs().stream().anyMatch(o -> o.name().equals(m.target())) ? "/*"
                    : known(config, targets, m.target()) ? "" : " (not in this config)");
            rows.add(new String[] {target, m.until().toString(), dev.patrol.alert.AlertText.duration(Duration.between(now, m.until())),
                    m.setAt() == null ? "-" : m.setAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), m.reason()});
        }
        int[] width = new int[4];
        for (String[] r : rows) for (int i = 0; i < 4; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            System.out.printf("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-" + width[3] + "s  %s%n", (Object[]) r);
        }
        System.out.println();
        System.out.println(active.size() + (active.size() == 1 ? " mute" : " mutes") + " in force: the DOWN and NEW alerts of these targets are held;"
                + " when a mute ends (patrol unmute TARGET, or at UNTIL) a target still down alerts once, at its next run.");
    }

    @Command(name = "mutes", description = "List the mutes in force.")
    static final class ListMutes implements Callable<Integer> {
        @ParentCommand
        Patrol patrol;

        @Option(names = "--json", description = "print one JSON document")
        boolean json;

        @Override
        public Integer call() {
            try (Workspace ws = Workspace.open(patrol.config)) {
                List<Mutes.Mute> active = mutes(ws, "mutes").active();
                if (json) {
                    System.out.println(Json.write(Map.of("mutes", active)));
                } else if (active.isEmpty()) {
                    System.out.println("no mutes in force");
                } else {
                    print(ws.config(), active, Clocks.fromEnvironment().instant());
                }
                return ExitCodes.OK;
            }
        }
    }
}
