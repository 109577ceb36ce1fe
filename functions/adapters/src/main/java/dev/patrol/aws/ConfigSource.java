package dev.patrol.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;

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
            throw new ConfigUnavailableException("PATROL_CONFIG: no file " + location, e);
        } catch (IOException | SdkException e) {
            throw new ConfigUnavailableException("PATROL_CONFIG: cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private ConfigDocument fromS3(String location) {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new ConfigUnavailableException("PATROL_CONFIG: " + location + " is not s3://bucket/key", null);
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
        public ConfigUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
