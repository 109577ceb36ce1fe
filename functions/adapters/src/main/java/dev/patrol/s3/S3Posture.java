package dev.patrol.s3;

import dev.patrol.storage.BucketPosture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads a bucket's safety settings, one request each. "Not configured" answers (404
 * with codes like NoSuchLifecycleConfiguration) are facts: off, none. Access denied or
 * a server that does not implement a request leaves that setting unknown, with a note.
 */
final class S3Posture {
    private final S3Client s3;

    S3Posture(S3Client s3) {
        this.s3 = s3;
    }

    BucketPosture of(String bucket) {
        List<String> unknown = new ArrayList<>();
        Boolean versioning = ask("versioning", "GetBucketVersioning", unknown, null, () ->
                s3.getBucketVersioning(b -> b.bucket(bucket)).status() == BucketVersioningStatus.ENABLED);
        String encryption = ask("encryption", "GetEncryptionConfiguration", unknown, "", () ->
                s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().stream()
                        .filter(r -> r.applyServerSideEncryptionByDefault() != null)
                        .map(r -> r.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                        .findFirst().orElse(""));
        Boolean publicBlocked = ask("public access block", "GetBucketPublicAccessBlock", unknown, false, () -> {
            PublicAccessBlockConfiguration c = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            return Boolean.TRUE.equals(c.blockPublicAcls()) && Boolean.TRUE.equals(c.ignorePublicAcls())
                    && Boolean.TRUE.equals(c.blockPublicPolicy()) && Boolean.TRUE.equals(c.restrictPublicBuckets());
        });
        Duration[] lockRetention = new Duration[1];
        Boolean locked = ask("object lock", "GetBucketObjectLockConfiguration", unknown, false, () -> {
            var c = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
            if (c == null) return false;
            if (c.rule() != null && c.rule().defaultRetention() != null) lockRetention[0] = days(c.rule().defaultRetention());
            return c.objectLockEnabled() == ObjectLockEnabled.ENABLED;
        });
        List<BucketPosture.ExpiryRule> expiry = ask("lifecycle", "GetLifecycleConfiguration", unknown, List.of(), () ->
                s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules().stream()
                        .filter(r -> r.status() == ExpirationStatus.ENABLED && r.expiration() != null && r.expiration().days() != null)
                        .map(r -> new BucketPosture.ExpiryRule(r.id() == null ? "(no id)" : r.id(), prefix(r),
                                Duration.ofDays(r.expiration().days())))
                        .toList());
        return new BucketPosture(bucket, versioning, encryption, publicBlocked, locked, lockRetention[0], expiry, unknown);
    }

    private static Duration days(DefaultRetention r) {
        if (r.days() != null) return Duration.ofDays(r.days());
        if (r.years() != null) return Duration.ofDays(365L * r.years());
        return null;
    }

    @SuppressWarnings("deprecation") // Rule-level prefix is deprecated but still what older buckets use
    private static String prefix(LifecycleRule r) {
        if (r.filter() != null) {
            if (r.filter().prefix() != null) return r.filter().prefix();
            if (r.filter().and() != null && r.filter().and().prefix() != null) return r.filter().and().prefix();
        }
        return r.prefix() == null ? "" : r.prefix();
    }

    /** One setting: its value, {@code notConfigured} when S3 says it was never set, or null (unknown, with a note). */
    private static <T> T ask(String what, String action, List<String> unknown, T notConfigured, Supplier<T> question) {
        try {
            return question.get();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) return notConfigured;
            // S3-compatible servers (S3Mock among them) say 400 InvalidRequest where S3 says ObjectLockConfigurationNotFoundError.
            if (what.equals("object lock") && "InvalidRequest".equals(code(e))) return notConfigured;
            unknown.add(what + ": " + (e.statusCode() == 403 ? "access denied; allow s3:" + action + " to check it"
                    : "S3 answered " + e.statusCode() + " " + code(e)));
            return null;
        } catch (SdkException e) {
            unknown.add(what + ": " + e.getMessage());
            return null;
        }
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    }
}
