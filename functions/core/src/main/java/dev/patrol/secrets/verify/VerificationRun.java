package dev.patrol.secrets.verify;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Occurrence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;

/**
 * Verifies findings with the verifiers that handle their rules, politely: at most
 * {@link #PER_PROVIDER} calls to one provider at once, at least
 * {@link #SPACING} between the starts of two, and once a provider answers "rate
 * limited" it is not asked again in this run (the rest of its findings are
 * unknown, and retried next run).
 */
public final class VerificationRun {

    static final int PER_PROVIDER = 2;
    static final Duration SPACING = Duration.ofMillis(100);
    /** Partners tried per secret at most: a file of many key ids must not become many calls. */
    static final int PARTNERS = 4;

    private final List<Verifier> verifiers;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Map<String, Long> lastStart = new ConcurrentHashMap<>();
    private final Set<String> rateLimited = ConcurrentHashMap.newKeySet();

    public VerificationRun(List<Verifier> verifiers) {
        this.verifiers = List.copyOf(verifiers);
    }

    /** One call that would be made: which provider, what request, for which finding. */
    public record PlannedCall(String provider, String call, String ruleId, String fingerprint) {}

    /** The calls {@link #verify} would make, without making any. */
    public List<PlannedCall> plan(List<Finding> findings) {
        List<PlannedCall> calls = new ArrayList<>();
        for (Finding f : findings) {
            Verifier v = verifierOf(f);
            if (v == null) continue;
            for (int i = 0; i < credentials(v, f, findings).size(); i++) calls.add(new PlannedCall(v.provider(), v.call(), f.ruleId(), f.fingerprint()));
        }
        return calls;
    }

    /** The findings, each with its verification where a verifier handles its rule (others unchanged). */
    public List<Finding> verify(List<Finding> findings) {
        Map<Finding, Verification> answers = ask(findings, f -> true);
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            Verification v = answers.get(f);
            out.add(v == null ? f : f.withVerification(v));
        }
        return out;
    }

    /**
     * What the providers say of the findings whose fingerprints are in {@code which} (those a verifier
     * handles), by fingerprint; the other findings are the context a two-part credential's partner is
     * looked for in (an AWS key id in the same file), and are not verified themselves.
     */
    public Map<String, Verification> verify(List<Finding> findings, Set<String> which) {
        Map<String, Verification> out = new LinkedHashMap<>();
        ask(findings, f -> which.contains(f.fingerprint())).forEach((f, v) -> out.putIfAbsent(f.fingerprint(), v));
        return out;
    }

    private Map<Finding, Verification> ask(List<Finding> findings, java.util.function.Predicate<Finding> which) {
        Map<Finding, Future<Verification>> asked = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("verify-", 0).factory())) {
            for (Finding f : findings) {
                if (!which.test(f) || asked.containsKey(f)) continue;
                Verifier v = verifierOf(f);
                if (v == null) continue;
                List<Credential> creds = credentials(v, f, findings);
                asked.put(f, pool.submit(() -> verifyAll(v, creds)));
            }
            Map<Finding, Verification> out = new LinkedHashMap<>();
            asked.forEach((f, answer) -> out.put(f, get(answer)));
            return out;
        }
    }

    private static Verification get(Future<Verification> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verification.unknown("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return Verification.unknown("the verifier failed");
        }
    }

    /** Tries each candidate pairing; the first that works wins, else any unknown, else unverified. */
    private Verification verifyAll(Verifier v, List<Credential> creds) {
        if (creds.isEmpty()) return Verification.unknown("no " + v.provider() + " key id found beside the secret to verify it with");
        Verification result = null;
        for (Credential c : creds) {
            Verification one = ask(v, c);
            if (one.live()) return one;
            if (result == null || one.status() == Verification.Status.UNKNOWN) result = one;
        }
        return result;
    }

    private Verification ask(Verifier v, Credential c) {
        String p = v.provider();
        if (rateLimited.contains(p)) return Verification.unknown("not asked: " + p + " rate-limited this run");
        Semaphore slot = slots.computeIfAbsent(p, x -> new Semaphore(PER_PROVIDER));
        try {
            slot.acquire();
            try {
                pace(p);
                Verification answer = v.verify(c);
                if (answer.status() == Verification.Status.UNKNOWN && answer.detail().startsWith("rate limited")) rateLimited.add(p);
                return answer;
            } finally {
                slot.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verification.unknown("interrupted");
        }
    }

    private void pace(String provider) throws InterruptedException {
        long wait;
        synchronized (lastStart) {
            long now = System.nanoTime();
            long next = lastStart.getOrDefault(provider, now - SPACING.toNanos()) + SPACING.toNanos();
            long start = Math.max(now, next);
            lastStart.put(provider, start);
            wait = start - now;
        }
        if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
    }

    private Verifier verifierOf(Finding f) {
        for (Verifier v : verifiers) if (v.rules().contains(f.ruleId()) && v.applies(f.secret())) return v;
        return null;
    }

    /** The credentials to try for a finding: the secret alone, or with each partner found beside it. */
    private static List<Credential> credentials(Verifier v, Finding f, List<Finding> all) {
        if (v.partner() == null) return List.of(new Credential(f.ruleId(), f.secret(), ""));
        Set<String> partners = new LinkedHashSet<>();
        for (Occurrence o : f.occurrences()) {
            Matcher m = v.partner().matcher(o.match());
            while (m.find()) partners.add(m.group());
        }
        for (Finding other : all) {
            if (other == f || !v.partner().matcher(other.secret()).matches() || !sharesAFile(f, other)) continue;
            partners.add(other.secret());
        }
        partners.remove(f.secret());
        return partners.stream().limit(PARTNERS).map(p -> new Credential(f.ruleId(), f.secret(), p)).toList();
    }

    private static boolean sharesAFile(Finding a, Finding b) {
        for (Occurrence x : a.occurrences()) {
            for (Occurrence y : b.occurrences()) if (x.commit().equals(y.commit()) && x.path().equals(y.path())) return true;
        }
        return false;
    }
}
