package dev.patrol.backups;

import dev.patrol.storage.BucketPosture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bucket must keep backups safe: versioning on (an overwrite or a delete is not
 * final), default encryption, public access blocked, and something that ends
 * backups at retention without ending them before it: a lifecycle rule no shorter
 * than retention, object lock, or Patrol's own prune.
 */
final class PostureCheck {
    private PostureCheck() {}

    static void run(BackupSet set, BucketPosture p, List<Problem> problems, Map<String, Object> details) {
        String b = p.bucket();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("bucket", b);
        facts.put("versioning", known(p.versioningEnabled(), "enabled", "off"));
        facts.put("encryption", p.encryption() == null ? "unknown" : p.encryption().isEmpty() ? "none" : p.encryption());
        facts.put("publicAccessBlocked", known(p.publicAccessBlocked(), "yes", "no"));
        facts.put("objectLock", known(p.objectLockEnabled(), p.objectLockRetention() == null ? "enabled"
                : "enabled, " + Durations.human(p.objectLockRetention()), "off"));
        if (p.expiryRules() != null) facts.put("lifecycleExpiry", p.expiryRules().stream()
                .map(r -> r.id() + " (" + (r.prefix() == null || r.prefix().isEmpty() ? "whole bucket" : r.prefix()) + ") after "
                        + Durations.human(r.after())).toList());
        if (!p.unknown().isEmpty()) facts.put("unknown", p.unknown());
        details.put("posture", facts);

        if (Boolean.FALSE.equals(p.versioningEnabled())) {
            problems.add(Problem.fail(Problem.Check.POSTURE, null, "bucket " + b + " has versioning off: one overwrite or delete "
                    + "loses a backup for good; run aws s3api put-bucket-versioning --bucket " + b
                    + " --versioning-configuration Status=Enabled"));
        }
        if ("".equals(p.encryption())) {
            problems.add(Problem.fail(Problem.Check.POSTURE, null, "bucket " + b + " has no default encryption: "
                    + "turn on SSE-S3 or SSE-KMS in the bucket's properties"));
        }
        if (Boolean.FALSE.equals(p.publicAccessBlocked())) {
            problems.add(Problem.fail(Problem.Check.POSTURE, null, "bucket " + b + " does not block public access: "
                    + "turn on all four Block Public Access settings (aws s3api put-public-access-block)"));
        }
        retention(set, p, problems);
    }

    private static void retention(BackupSet set, BucketPosture p, List<Problem> problems) {
        Duration retention = set.config().retention();
        if (retention == null || p.expiryRules() == null) return;
        String key = set.base().substring(set.base().indexOf('/', "s3://".length()) + 1) + set.pattern().literalPrefix();
        List<BucketPosture.ExpiryRule> covering = p.expiryRules().stream().filter(r -> r.covers(key)).toList();
        for (BucketPosture.ExpiryRule r : covering) {
            if (r.after().compareTo(retention) < 0) {
                problems.add(Problem.fail(Problem.Check.POSTURE, null, "lifecycle rule '" + r.id() + "' of bucket " + p.bucket()
                        + " deletes backups after " + Durations.human(r.after()) + ", before retention "
                        + Durations.human(retention) + ": lengthen the rule to " + Durations.human(retention) + " or more"));
            }
        }
        boolean locked = Boolean.TRUE.equals(p.objectLockEnabled());
        if (covering.isEmpty() && !locked && !set.config().prune()) {
            problems.add(Problem.fail(Problem.Check.POSTURE, null, "nothing ends backups in bucket " + p.bucket() + " after retention "
                    + Durations.human(retention) + ": add a lifecycle rule expiring " + key + "* after " + Durations.human(retention)
                    + ", or set prune: true"));
        }
    }

    private static String known(Boolean value, String yes, String no) {
        return value == null ? "unknown" : value ? yes : no;
    }
}
