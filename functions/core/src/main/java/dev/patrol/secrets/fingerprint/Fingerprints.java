package dev.patrol.secrets.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two names a finding goes by.
 *
 * <ul>
 *   <li>gitleaks': {@code commit:path:rule:line} (or {@code path:rule:line}
 *       outside git): names one place, so {@code .gitleaksignore} files and
 *       baselines written for gitleaks keep working.</li>
 *   <li>Patrol's: a hash of repository, rule and secret. It names the secret
 *       wherever and however often it occurs, stays the same across scans, and
 *       is what state, alerts and {@code findings ignore} use. The secret itself
 *       is never stored; a hash of it salted with the repository and rule is.</li>
 * </ul>
 */
public final class Fingerprints {
    private Fingerprints() {}

    public static String gitleaks(String commit, String path, String ruleId, int line) {
        String place = path + ":" + ruleId + ":" + line;
        return commit == null || commit.isEmpty() ? place : commit + ":" + place;
    }

    public static String patrol(String repo, String ruleId, String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(repo.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(ruleId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            byte[] d = md.digest(secret.getBytes(StandardCharsets.UTF_8));
            return "ptl_" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What people and state may see of a secret: at most its first four
     * characters (fewer for short secrets, so that a short password is not half
     * shown), then asterisks.
     */
    public static String redact(String secret) {
        if (secret == null || secret.isEmpty()) return "****";
        int shown = secret.length() >= 16 ? 4 : secret.length() / 4;
        return secret.substring(0, Math.min(4, shown)) + "****";
    }
}
