package dev.patrol.s3;

import dev.patrol.storage.NoSuchObjectException;
import dev.patrol.storage.ObjectStoreException;
import dev.patrol.storage.ObjectStoreException.Reason;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what S3 (or the SDK on its way there) answered into an {@link ObjectStoreException}
 * that says what failed, where, and what a person can do. The SDK has already retried
 * throttling and 5xx answers by the time one arrives here.
 */
final class S3Errors {
    private S3Errors() {}

    /** {@code action}: the S3 action as IAM names it (GetObject, ListBucket, ...). */
    static ObjectStoreException translate(SdkException e, String action, String location) {
        String attempts = e.numAttempts() != null && e.numAttempts() > 1 ? " after " + e.numAttempts() + " attempts" : "";
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String answer = status + (code == null ? "" : " " + code);
            if ("NoSuchBucket".equals(code)) {
                return new ObjectStoreException(Reason.NOT_FOUND, "bucket of " + location + " does not exist (" + answer
                        + "): check the bucket name and region in patrol.yml", e);
            }
            if (status == 404 || "NoSuchKey".equals(code)) return new NoSuchObjectException(location);
            if (status == 403) {
                return new ObjectStoreException(Reason.ACCESS_DENIED, "S3 denied " + action + " on " + location + " (" + answer
                        + "): allow s3:" + action + " for Patrol's role or credentials", e);
            }
            if (status == 503 || status == 429 || "SlowDown".equals(code) || "Throttling".equals(code)) {
                return new ObjectStoreException(Reason.THROTTLED, "S3 kept answering " + answer + " to " + action + " on "
                        + location + attempts + "; Patrol tries again on the next run; if it lasts, lower parallel reads "
                        + "or spread the bucket's load", e);
            }
            if (status == 501) {
                return new ObjectStoreException(Reason.NOT_SUPPORTED, "this S3 endpoint does not support " + action + " (" + answer + ")", e);
            }
            if (status >= 500) {
                return new ObjectStoreException(Reason.UNAVAILABLE, "S3 failed " + action + " on " + location + " with " + answer
                        + attempts + "; Patrol tries again on the next run", e);
            }
            return new ObjectStoreException(Reason.REJECTED, "S3 refused " + action + " on " + location + " (" + answer + ": "
                    + (s3.awsErrorDetails() == null ? s3.getMessage() : s3.awsErrorDetails().errorMessage()) + ")", e);
        }
        if (e instanceof SdkClientException) {
            return new ObjectStoreException(Reason.UNAVAILABLE, "cannot reach S3 for " + action + " on " + location + attempts
                    + ": " + firstLine(e.getMessage()) + "; check the network, the region and aws.endpoint in patrol.yml", e);
        }
        return new ObjectStoreException(Reason.REJECTED, action + " on " + location + " failed: " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String message) {
        if (message == null) return "no detail";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
