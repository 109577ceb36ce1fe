package dev.patrol.storage;

import java.time.Duration;
import java.util.List;

/**
 * The settings of a bucket that decide whether backups in it survive mistakes and
 * attackers. A null field means Patrol could not learn it; {@code unknown} says why
 * (access denied, not supported by this server), one line per setting.
 *
 * @param versioningEnabled   overwritten or deleted objects stay as older versions
 * @param encryption          default encryption algorithm ("AES256", "aws:kms", ...), "" when none
 * @param publicAccessBlocked all four public-access-block settings are on
 * @param objectLockEnabled   object lock is enabled on the bucket
 * @param objectLockRetention default retention of object lock, null when none
 * @param expiryRules         enabled lifecycle rules that expire current objects
 */
public record BucketPosture(String bucket, Boolean versioningEnabled, String encryption, Boolean publicAccessBlocked,
                            Boolean objectLockEnabled, Duration objectLockRetention, List<ExpiryRule> expiryRules,
                            List<String> unknown) {
    public BucketPosture {
        expiryRules = expiryRules == null ? null : List.copyOf(expiryRules);
        unknown = unknown == null ? List.of() : List.copyOf(unknown);
    }

    /** An enabled lifecycle rule that expires current objects under {@code prefix} after {@code after}. */
    public record ExpiryRule(String id, String prefix, Duration after) {
        public boolean covers(String key) {
            return prefix == null || prefix.isEmpty() || key.startsWith(prefix) || prefix.startsWith(key);
        }
    }
}
