package dev.patrol.verify;

import dev.patrol.secrets.verify.Credential;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.Verification;
import dev.patrol.secrets.verify.Verifier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * AWS key pairs: STS {@code GetCallerIdentity}, signed with SigV4 by the SDK. It
 * needs no permission (an explicit deny cannot block it) and answers with the
 * account and the ARN of the key's user or role.
 */
final class AwsKeyVerifier implements Verifier {

    private static final Pattern KEY_ID = Pattern.compile("(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}");

    private final URI endpoint;

    AwsKeyVerifier(Endpoint endpoint) {
        this.endpoint = endpoint.base(Endpoint.REAL.get("aws"));
    }

    public String provider() {
        return "aws";
    }

    public List<String> rules() {
        return List.of("aws-secret-access-key");
    }

    @Override
    public Pattern partner() {
        return KEY_ID;
    }

    public String call() {
        return "POST " + endpoint + "/ Action=GetCallerIdentity (SigV4)";
    }

    public Verification verify(Credential c) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(c.partner(), c.secret()));
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(o -> o.apiCallTimeout(HttpVerifier.TIMEOUT).retryStrategy(r -> r.maxAttempts(1))).build()) {
            GetCallerIdentityResponse who = sts.getCallerIdentity();
            return Verification.verified(who.arn(), "account " + who.account());
        } catch (SdkServiceException e) {
            if (e.isThrottlingException() || e.statusCode() == 429) return Verification.unknown("rate limited by aws");
            if (e.statusCode() == 403 || e.statusCode() == 401) return Verification.unverified("aws refused it (" + code(e) + ")");
            return Verification.unknown("aws answered HTTP " + e.statusCode());
        } catch (SdkClientException e) {
            return Verification.unknown("aws could not be reached");
        }
    }

    /** The error code alone (InvalidClientTokenId, SignatureDoesNotMatch): AWS's message text can name the key id. */
    private static String code(SdkServiceException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode();
            return code == null ? "HTTP " + e.statusCode() : code.replaceAll("[^A-Za-z.]", "");
        }
        return "HTTP " + e.statusCode();
    }
}
