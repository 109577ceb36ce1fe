package dev.patrol.secrets;

import dev.patrol.secrets.fingerprint.Fingerprints;
import dev.patrol.secrets.verify.Verification;
import java.util.List;

/**
 * One leaked secret in one repository, found by one rule, with every place it
 * was introduced, oldest first. {@code inCurrentTree} says whether the default
 * branch still holds it or it lives on only in history (where it is just as
 * leaked: fixing the file does not rotate the key).
 *
 * <p>The raw secret is here for the report writers; {@link #toString()},
 * state and alerts use {@link #redacted()} and {@link #fingerprint()}.
 */
public record Finding(
        String fingerprint,
        String repo,
        String ruleId,
        String description,
        String secret,
        double entropy,
        List<String> tags,
        List<Occurrence> occurrences,
        boolean inCurrentTree,
        Verification verification) {

    public Finding {
        tags = List.copyOf(tags);
        occurrences = List.copyOf(occurrences);
    }

    /** A finding not (yet) verified: {@code verification} is null until a provider is asked. */
    public Finding(String fingerprint, String repo, String ruleId, String description, String secret, double entropy,
            List<String> tags, List<Occurrence> occurrences, boolean inCurrentTree) {
        this(fingerprint, repo, ruleId, description, secret, entropy, tags, occurrences, inCurrentTree, null);
    }

    public Finding withVerification(Verification v) {
        return new Finding(fingerprint, repo, ruleId, description, secret, entropy, tags, occurrences, inCurrentTree, v);
    }

    public String redacted() {
        return Fingerprints.redact(secret);
    }

    /** Where it first appeared. */
    public Occurrence first() {
        return occurrences.getFirst();
    }

    public Finding withInCurrentTree(boolean inTree) {
        return new Finding(fingerprint, repo, ruleId, description, secret, entropy, tags, occurrences, inTree, verification);
    }

    @Override
    public String toString() {
        return "Finding[" + fingerprint + " " + ruleId + " " + redacted() + " in " + repo + ", " + occurrences.size()
                + " occurrence(s)" + (inCurrentTree ? ", in current tree" : ", history only") + "]";
    }
}
