package dev.patrol.report.dora;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * DORA's four metrics from a repository's deployments and reverts and from the incidents of its
 * services. A deployment failed when, within {@code failureWindow} after it, a commit reverts one
 * of its changes, a hotfix tag follows it, it is rolled back, or one of the services goes down.
 * Each cause is charged to one deployment only: the latest one before it (a revert, to the one
 * that shipped the reverted commit), so one incident is never counted twice.
 */
public final class DoraCalculator {
    private final Benchmark benchmark;
    private final Duration failureWindow;

    public DoraCalculator(Benchmark benchmark, Duration failureWindow) {
        this.benchmark = benchmark;
        this.failureWindow = failureWindow;
    }

    /** {@code incidents}: every incident of the repository's services; {@code from}..{@code to} is the report window. */
    public Dora compute(String spec, List<Deployment> all, List<Revert> reverts, List<Incident> incidents, Instant from, Instant to) {
        List<Deployment> deployments = all.stream().sorted(Comparator.comparing(Deployment::time)).toList();
        List<Deployment> inWindow = deployments.stream().filter(d -> within(d.time(), from, to)).toList();
        Map<Deployment, List<Dora.FailureRow>> failures = failures(deployments, reverts, incidents);
        failures.keySet().retainAll(new HashSet<>(inWindow));
        List<Incident> windowIncidents = incidents.stream().filter(i -> within(i.down(), from, to))
                .sorted(Comparator.comparing(Incident::down)).toList();

        return new Dora(benchmark.title(), spec, frequency(inWindow, failures, from, to), leadTime(inWindow),
                failureRate(inWindow, failures), restore(windowIncidents), weeks(inWindow, failures, windowIncidents, from, to));
    }

    private Dora.DeploymentFrequency frequency(List<Deployment> inWindow, Map<Deployment, List<Dora.FailureRow>> failures,
                                               Instant from, Instant to) {
        List<Dora.DeploymentRow> rows = inWindow.stream().map(d -> new Dora.DeploymentRow(d.ref(), d.sha(), d.time(),
                d.changes().size(), d.rollback(), failures.containsKey(d))).toList();
        if (inWindow.size() < 2) return new Dora.DeploymentFrequency(inWindow.size(), null, null, Benchmark.INSUFFICIENT, rows);
        double days = Duration.between(from, to).toMillis() / 86_400_000.0;
        double perWeek = round2(inWindow.size() / (days / 7.0));
        double weekly = median(deployDays(inWindow, to, 7, (int) Math.max(1, Math.floor(days / 7))));
        double monthly = median(deployDays(inWindow, to, 30, (int) Math.max(1, Math.floor(days / 30))));
        return new Dora.DeploymentFrequency(inWindow.size(), perWeek, weekly, benchmark.deploymentFrequency(weekly, monthly), rows);
    }

    /** Days with at least one deployment in each of {@code periods} periods of {@code length} days, counted back from {@code to}. */
    private static List<Double> deployDays(List<Deployment> deployments, Instant to, int length, int periods) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < periods; i++) {
            Instant end = to.minus(Duration.ofDays((long) length * i));
            Instant start = end.minus(Duration.ofDays(length));
            boolean last = i == 0; // the window's end belongs to its last period
            out.add((double) deployments.stream().filter(d -> !d.time().isBefore(start) && (d.time().isBefore(end) || last && d.time().equals(end)))
                    .map(d -> day(d.time())).distinct().count());
        }
        return out;
    }

    private Dora.LeadTime leadTime(List<Deployment> inWindow) {
        List<Change> changes = inWindow.stream().flatMap(d -> d.changes().stream()).filter(c -> c.leadHours() > 0)
                .sorted(Comparator.comparing(Change::deployedAt).thenComparing(Change::committedAt)).toList();
        List<Dora.ChangeRow> rows = changes.stream()
                .map(c -> new Dora.ChangeRow(c.sha(), c.committedAt(), c.deployment(), round2(c.leadHours()))).toList();
        if (inWindow.size() < 2 || changes.isEmpty()) return new Dora.LeadTime(null, changes.size(), Benchmark.INSUFFICIENT, rows);
        double median = median(changes.stream().map(Change::leadHours).toList());
        return new Dora.LeadTime(round2(median), changes.size(), benchmark.leadTime(median), rows);
    }

    private Dora.ChangeFailureRate failureRate(List<Deployment> inWindow, Map<Deployment, List<Dora.FailureRow>> failures) {
        List<Dora.FailureRow> rows = inWindow.stream().filter(failures::containsKey).flatMap(d -> failures.get(d).stream()).toList();
        int failed = (int) inWindow.stream().filter(failures::containsKey).count();
        if (inWindow.size() < 2) return new Dora.ChangeFailureRate(failed, inWindow.size(), null, Benchmark.INSUFFICIENT, rows);
        double rate = (double) failed / inWindow.size();
        return new Dora.ChangeFailureRate(failed, inWindow.size(), round4(rate), benchmark.changeFailureRate(rate), rows);
    }

    private Dora.TimeToRestore restore(List<Incident> incidents) {
        List<Dora.IncidentRow> rows = incidents.stream().map(i -> new Dora.IncidentRow(i.target(), i.down(), i.up(),
                i.up() == null ? null : round2(i.exactMinutes()))).toList();
        List<Double> restored = incidents.stream().filter(i -> i.up() != null).map(Incident::exactMinutes).toList();
        if (restored.isEmpty()) return new Dora.TimeToRestore(null, restored.size(), Benchmark.INSUFFICIENT, rows);
        double median = median(restored);
        return new Dora.TimeToRestore(round2(median), restored.size(), benchmark.timeToRestore(median), rows);
    }

    private List<Dora.Week> weeks(List<Deployment> inWindow, Map<Deployment, List<Dora.FailureRow>> failures,
                                  List<Incident> incidents, Instant from, Instant to) {
        List<Dora.Week> out = new ArrayList<>();
        Instant end = to;
        while (end.isAfter(from)) {
            Instant start = end.minus(Duration.ofDays(7)).isBefore(from) ? from : end.minus(Duration.ofDays(7));
            Instant s = start;
            Instant e = end;
            boolean last = e.equals(to);
            Predicate<Instant> in = t -> !t.isBefore(s) && (t.isBefore(e) || last && t.equals(e));
            List<Deployment> ds = inWindow.stream().filter(d -> in.test(d.time())).toList();
            List<Double> leads = ds.stream().flatMap(d -> d.changes().stream()).map(Change::leadHours).filter(h -> h > 0).toList();
            List<Incident> is = incidents.stream().filter(i -> in.test(i.down())).toList();
            List<Double> restores = is.stream().filter(i -> i.up() != null).map(Incident::exactMinutes).toList();
            out.add(new Dora.Week(s, e, ds.size(), (int) ds.stream().map(d -> day(d.time())).distinct().count(),
                    (int) ds.stream().filter(failures::containsKey).count(), leads.isEmpty() ? null : round2(median(leads)),
                    is.size(), restores.isEmpty() ? null : round2(median(restores))));
            end = start;
        }
        return out.reversed();
    }

    private Map<Deployment, List<Dora.FailureRow>> failures(List<Deployment> deployments, List<Revert> reverts, List<Incident> incidents) {
        Map<Deployment, List<Dora.FailureRow>> out = new LinkedHashMap<>();
        Map<String, Deployment> shippedBy = new HashMap<>();
        for (Deployment d : deployments) for (Change c : d.changes()) shippedBy.put(c.sha(), d);
        for (Revert r : reverts) {
            Deployment d = shippedBy(shippedBy, r.reverted());
            if (d != null && soonAfter(d, r.time())) {
                add(out, d, "revert", r.sha(), r.time(), "reverts " + shortSha(r.reverted()) + ": " + r.subject());
            }
        }
        for (Deployment h : deployments) {
            int[] v = h.version();
            boolean hotfixName = h.ref().toLowerCase(java.util.Locale.ROOT).contains("hotfix");
            if (!hotfixName && (v == null || v[2] == 0)) continue;
            latestBefore(deployments, h.time(), d -> d != h && !d.rollback() && (hotfixName || patchBelow(d, v)))
                    .ifPresent(d -> add(out, d, "hotfix", h.ref(), h.time(), h.ref() + " patches " + d.ref()));
        }
        for (Deployment rb : deployments) {
            if (!rb.rollback()) continue;
            latestBefore(deployments, rb.time(), d -> d != rb && !d.rollback())
                    .ifPresent(d -> add(out, d, "rollback", rb.ref(), rb.time(), rb.ref() + " put back " + shortSha(rb.sha())));
        }
        for (Incident i : incidents) {
            latestBefore(deployments, i.down(), d -> true)
                    .ifPresent(d -> add(out, d, "incident", i.target(), i.down(), i.target() + " went down"));
        }
        return out;
    }

    private static boolean patchBelow(Deployment d, int[] v) {
        int[] w = d.version();
        return w != null && v != null && w[0] == v[0] && w[1] == v[1] && w[2] < v[2];
    }

    /** The latest deployment (matching {@code which}) before {@code at}, if {@code at} is within its failure window. */
    private Optional<Deployment> latestBefore(List<Deployment> deployments, Instant at, Predicate<Deployment> which) {
        Deployment found = null;
        for (Deployment d : deployments) {
            if (!d.time().isBefore(at)) break;
            if (which.test(d)) found = d;
        }
        return Optional.ofNullable(found).filter(d -> soonAfter(d, at));
    }

    private boolean soonAfter(Deployment d, Instant at) {
        return at.isAfter(d.time()) && !at.isAfter(d.time().plus(failureWindow));
    }

    private static Deployment shippedBy(Map<String, Deployment> shippedBy, String sha) {
        Deployment d = shippedBy.get(sha);
        if (d != null || sha.length() == 40) return d;
        return shippedBy.entrySet().stream().filter(e -> e.getKey().startsWith(sha)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static void add(Map<Deployment, List<Dora.FailureRow>> out, Deployment d, String cause, String by, Instant at, String detail) {
        out.computeIfAbsent(d, k -> new ArrayList<>()).add(new Dora.FailureRow(d.ref(), d.sha(), d.time(), cause, by, at, detail));
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && !t.isAfter(to);
    }

    private static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String shortSha(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
