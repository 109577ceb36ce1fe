package dev.patrol.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Fetches {@code patrol.yml} from where {@code PATROL_CONFIG} points: an S3
 * object, an SSM parameter (decrypted, so a SecureString works) or a file in
 * the deployment package. Errors name the location, never the content.
 */
public final class ConfigSource {
    private final AwsClients clients;

    public ConfigSource(AwsClients clients) {
        this.clients = clients;
    }

    public ConfigDocument read(String location) {
        try {
            if (location.startsWith("s3://")) return fromS3(location);
            if (location.startsWith("ssm:")) return fromSsm(location);
            return new ConfigDocument(location, Files.readString(Path.of(location), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigUnavailableException("PATROL_CONFIG: no file " + location, true, e);
        } catch (IOException e) {
            throw new ConfigUnavailableException("PATROL_CONFIG: cannot read " + location + ": " + dev.patrol.text.ProblemWords.describe(e), false, e);
        } catch (SdkException e) {
            throw unavailable(location, e);
        }
    }

    /**
     * What went wrong fetching the config, in the words the state store and the secret resolver use, and what to do:
     * a location that does not exist (or no region to look in) is the user's to fix; a refusal or no answer is not.
     */
    private ConfigUnavailableException unavailable(String location, SdkException e) {
        boolean s3 = location.startsWith("s3://");
        String reason = AwsErrors.reason(e);
        if (reason.startsWith("no AWS region")) {
            // (the config names aws.region, but it is the config that could not be read)
            return new ConfigUnavailableException("PATROL_CONFIG: cannot read " + location + ": no AWS region set: set AWS_REGION in the environment", true, e);
        }
        String where = " (" + AwsErrors.where(s3 ? clients.s3() : clients.ssm()) + ")";
        if (e instanceof NoSuchKeyException || e instanceof NoSuchBucketException || e instanceof ParameterNotFoundException
                || (e instanceof AwsServiceException service && service.statusCode() == 404)) {
            return new ConfigUnavailableException("PATROL_CONFIG: " + location + " does not exist" + where + ": "
                    + (s3 ? "upload patrol.yml there (aws s3 cp patrol.yml " + location + ")"
                          : "put patrol.yml there (aws ssm put-parameter --name " + location.substring("ssm:".length()) + " --type SecureString --value file://patrol.yml)")
                    + ", or point PATROL_CONFIG (and AWS_REGION) at where it is", true, e);
        }
        String fix;
        if (AwsErrors.isAccessDenied(e)) {
            fix = "the credentials in use may not read it: grant " + (s3 ? "s3:GetObject on the object" : "ssm:GetParameter on the parameter (and kms:Decrypt on its key, for a SecureString)")
                    + " to the role or user";
        } else if (AwsErrors.isClientSide(e)) {
            fix = "check the network, AWS_REGION (and AWS_ENDPOINT_URL, if set), and AWS credentials";
        } else {
            fix = "try again, and check it in the AWS console";
        }
        return new ConfigUnavailableException("PATROL_CONFIG: cannot read " + location + where + ": " + reason + "; " + fix, false, e);
    }

    private ConfigDocument fromS3(String location) {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new ConfigUnavailableException("PATROL_CONFIG: " + location + " is not s3://bucket/key", true, null);
        }
        String bucket = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        String text = clients.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        return new ConfigDocument(location, text);
    }

    private ConfigDocument fromSsm(String location) {
        String name = location.substring("ssm:".length());
        String text = clients.ssm().getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
        return new ConfigDocument(location, text);
    }

    /** The configuration could not be fetched: Patrol cannot work (the invocation fails). */
    public static final class ConfigUnavailableException extends RuntimeException {
        private final boolean misplaced;

        public ConfigUnavailableException(String message, boolean misplaced, Throwable cause) {
            super(message, cause);
            this.misplaced = misplaced;
        }

        /** True when the location is wrong (nothing there, not a location, no region to look in): a configuration error, not an outage. */
        public boolean misplaced() {
            return misplaced;
        }
    }
}
