package dev.patrol.secrets;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.Hit;
import dev.patrol.secrets.fingerprint.Fingerprints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How much of a sweep's secrets a reader may see. A secret does not only sit in the
 * line that matched: the same token is pasted into a commit message ("add key AKIA…"),
 * or names the file it is in. Masking covers every text that can carry one — the
 * match, the path, the commit message — with the secrets the sweep found and with
 * any the rules find in that text itself, each shown as at most its first 4
 * characters ({@link Fingerprints#redact}).
 *
 * <p>State and alerts always see masked text; reports do with {@code --redact}.
 */
public final class Redaction {
    /** Shorter "secrets" (a rule that matches a word) would mask ordinary text everywhere. */
    private static final int SHORTEST_MASKED = 6;

    /** Shows everything: a report without {@code --redact}. */
    public static final Redaction NONE = new Redaction(false, List.of(), null);

    private final boolean on;
    private final List<String> known;
    private final Detector detector;

    private Redaction(boolean on, List<String> known, Detector detector) {
        this.on = on;
        this.known = known;
        this.detector = detector;
    }

    /** Masks the secrets of {@code findings}, and whatever {@code detector} (null: none) finds in the masked text. */
    public static Redaction of(Collection<Finding> findings, Detector detector) {
        Set<String> secrets = new LinkedHashSet<>();
        for (Finding f : findings) if (f.secret().length() >= SHORTEST_MASKED) secrets.add(f.secret());
        List<String> longestFirst = new ArrayList<>(secrets);
        // A secret inside a longer one must not break the longer one's masking.
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        return new Redaction(true, List.copyOf(longestFirst), detector);
    }

    public boolean on() {
        return on;
    }

    /** {@code text} with every secret in it masked; unchanged when redaction is off. */
    public String mask(String text) {
        if (!on || text == null || text.isEmpty()) return text;
        String out = text;
        for (String s : known) if (out.contains(s)) out = out.replace(s, Fingerprints.redact(s));
        if (detector != null) {
            for (Hit h : detector.detect(out)) {
                if (h.secret().length() >= SHORTEST_MASKED) out = out.replace(h.secret(), Fingerprints.redact(h.secret()));
            }
        }
        return out;
    }

    /** The finding's secret as this reader may see it. */
    public String secret(Finding f) {
        return on ? f.redacted() : f.secret();
    }

    /** The matched text; a secret found inside encoded text is not in the match as written, so it shows as the redacted secret alone. */
    public String match(Finding f, Occurrence o) {
        if (!on) return o.match();
        String m = mask(o.match());
        return m.equals(o.match()) && !f.secret().isEmpty() ? f.redacted() : m;
    }
}
