package dev.patrol.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into the few words a person needs: what AWS said, or why
 * the call never reached AWS. Used by every AWS adapter so their messages read
 * alike. Nothing here ever prints request content, so no secret can leak through.
 */
final class AwsErrors {
    private AwsErrors() {}

    /** "AccessDeniedException: User ... is not authorized", or "Connection refused", or "timed out after 10 s". */
    static String reason(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            if (code == null) code = "HTTP " + service.statusCode();
            return message == null || message.isBlank() ? code : code + ": " + firstLine(message);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return "no answer in time (" + firstLine(e.getMessage()) + ")";
        }
        // The SDK names its provider chains by object (…RegionProviderChain@3510b9f0): say what is missing instead.
        String said = e.getMessage() == null ? "" : e.getMessage();
        if (said.startsWith("Unable to load credentials")) {
            return "no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws configure";
        }
        if (said.startsWith("Unable to load region")) {
            return "no AWS region set: set aws.region in the config or AWS_REGION in the environment";
        }
        // Client-side failures wrap the real reason (connection refused, unknown
        // host, no credentials) one or two causes down. The SDK ends its message with
        // "(SDK Attempt Count: 3)": that is said as the number of tries.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        java.util.regex.Matcher count = ATTEMPTS.matcher(said);
        String tries = count.find() ? " (tried " + count.group(1) + (count.group(1).equals("1") ? " time)" : " times)") : "";
        if (root instanceof java.net.ConnectException) return "connection refused: nothing listens there" + tries;
        if (root instanceof java.net.UnknownHostException) {
            return "cannot resolve the host name " + firstLine(root.getMessage()) + ": check the endpoint and this machine's DNS" + tries;
        }
        if (root instanceof java.net.SocketTimeoutException || root instanceof java.net.http.HttpTimeoutException) return "no answer in time" + tries;
        String top = firstLine(ATTEMPTS.matcher(said).replaceAll("")) + tries;
        if (root == e || root.getMessage() == null) return top;
        return top.contains(firstLine(root.getMessage())) ? top : top + " (" + firstLine(root.getMessage()) + ")";
    }

    private static final java.util.regex.Pattern ATTEMPTS = java.util.regex.Pattern.compile("\\s*\\(SDK Attempt Count: (\\d+)\\)");

    static boolean isAccessDenied(SdkException e) {
        if (!(e instanceof AwsServiceException service)) return false;
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        return service.statusCode() == 403
                || "AccessDeniedException".equals(code)
                || "AccessDenied".equals(code)
                || "AuthorizationError".equals(code)
                || "UnrecognizedClientException".equals(code)
                || "InvalidClientTokenId".equals(code)
                || "ExpiredTokenException".equals(code);
    }

    /** True when the request never got an answer from AWS (network, timeout, credentials, region). */
    static boolean isClientSide(SdkException e) {
        return !(e instanceof AwsServiceException);
    }

    /** "endpoint http://127.0.0.1:8000" or "region eu-west-1": where a client was pointed. */
    static String where(AwsClient client) {
        var config = client.serviceClientConfiguration();
        Optional<URI> override = config.endpointOverride();
        if (override.isPresent()) return "endpoint " + override.get();
        return "region " + (config.region() == null ? "(unset)" : config.region().id());
    }

    /** The first line, without a closing period: callers append their own sentence. */
    private static String firstLine(String text) {
        if (text == null) return "";
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).trim();
        while (line.endsWith(".")) line = line.substring(0, line.length() - 1);
        return line;
    }
}
