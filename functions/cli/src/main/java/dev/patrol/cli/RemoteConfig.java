package dev.patrol.cli;

import dev.patrol.config.ConfigException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** {@code PATROL_CONFIG=s3://bucket/key} or {@code ssm:/name}: the config text, fetched with the caller's AWS credentials. */
final class RemoteConfig {
    private RemoteConfig() {}

    static String fetch(String where) {
        try {
            if (where.startsWith("s3://")) {
                String rest = where.substring(5);
                int slash = rest.indexOf('/');
                if (slash <= 0 || slash == rest.length() - 1) throw new ConfigException(where, "must be s3://bucket/key");
                try (S3Client s3 = S3Client.builder().httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
                    return s3.getObjectAsBytes(b -> b.bucket(rest.substring(0, slash)).key(rest.substring(slash + 1))).asUtf8String();
                }
            }
            try (SsmClient ssm = SsmClient.builder().httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
                return ssm.getParameter(b -> b.name(where.substring(4)).withDecryption(true)).parameter().value();
            }
        } catch (SdkException e) {
            throw new ConfigException(where, "could not be read from AWS: " + firstLine(e.getMessage())
                    + " (check AWS credentials, region and that it exists)");
        }
    }

    private static String firstLine(String m) {
        if (m == null) return "unknown error";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
