package dev.patrol.report;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.Hit;
import dev.patrol.secrets.fingerprint.Fingerprints;
import dev.patrol.secrets.rules.RuleSet;

/**
 * Text a report quotes from a repository (workflow lines, commit subjects) may hold a credential:
 * the secrets job's detector runs over it first, and what it finds shows as the rule and at most
 * the first 4 characters, as everywhere else (CONTRACT: reports are always redacted).
 */
public final class Redaction {
    private static final class Rules {
        static final Detector DETECTOR = new Detector(RuleSet.defaults());
    }

    private Redaction() {}

    /**
     * Starts loading the rules (the TOML, RE2/J and 47 patterns: ~0.3 s in a fresh JVM) on a
     * thread of its own, so that it overlaps with reading the history and the state rather than
     * waiting for the first commit subject to mask. {@link #of} waits for it (the class's
     * initialisation lock); a failure to load them shows there, as before.
     */
    public static void prepare() {
        Thread.ofPlatform().daemon().name("patrol-report-rules").start(() -> {
            try {
                Rules.DETECTOR.getClass();
            } catch (Throwable e) {
                // Reported by the first Redaction.of, on the report's own thread.
            }
        });
    }

    public static String of(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (Hit h : Rules.DETECTOR.detect(text)) {
            if (h.secret() != null && !h.secret().isEmpty()) out = out.replace(h.secret(), Fingerprints.redact(h.secret()) + " (" + h.ruleId() + ")");
        }
        return out;
    }
}
