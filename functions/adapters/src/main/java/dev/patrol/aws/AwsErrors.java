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

    /**
     * "User: … is not authorized to perform: …", or "connection refused: nothing listens there", or "no answer in time".
     * AWS's own message when it sent one; its error code ("AccessDeniedException") reads as a Java class name, so
     * it is said in words only when AWS sent nothing else.
     */
    static String reason(SdkException e) {
        if (e instanceof AwsServiceException service) {
            var details = service.awsErrorDetails();
            String message = details == null ? null : plain(details.errorMessage());
            if (message != null && !message.isEmpty()) return message;
            String code = details == null ? null : details.errorCode();
            return code == null || code.isBlank() ? status(service.statusCode()) : words(code) + " (HTTP " + service.statusCode() + ")";
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
        // "Unable to execute HTTP request: Remote host terminated the handshake": the SDK's words, then the reason.
        String top = firstLine(CLASS_PREFIX.matcher(UNABLE.matcher(ATTEMPTS.matcher(said).replaceAll("")).replaceFirst("")).replaceFirst(""));
        String cause = root == e ? "" : firstLine(dev.patrol.text.ProblemWords.describe(root));
        String reason = top.isEmpty() ? cause : cause.isEmpty() || top.contains(cause) ? top : top + " (" + cause + ")";
        return (reason.isEmpty() ? "an unexpected problem with no description" : reason) + tries;
    }

    private static final java.util.regex.Pattern ATTEMPTS = java.util.regex.Pattern.compile("\\s*\\(SDK Attempt Count: (\\d+)\\)");
    /** "javax.net.ssl.SSLHandshakeException: " leading a message that quotes another exception. */
    private static final java.util.regex.Pattern CLASS_PREFIX = java.util.regex.Pattern.compile("^(?:(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):\\s*)+");
    private static final java.util.regex.Pattern UNABLE = java.util.regex.Pattern.compile("^Unable to execute HTTP request:?\\s*");
    /** What boto-style servers (moto) put before the message: "An error occurred (InvalidRequestException) when calling the GetSecretValue operation: ". */
    private static final java.util.regex.Pattern BOTO_PREFIX = java.util.regex.Pattern.compile("^An error occurred \\([^)]*\\) when calling the \\w+ operation:\\s*");

    /** AWS's message on one line with single spaces, without a boto-style prefix; null when there is none. */
    private static String plain(String message) {
        if (message == null) return null;
        return firstLine(BOTO_PREFIX.matcher(message.strip()).replaceFirst("")).replaceAll("\\s+", " ");
    }

    /** An error code in words: "AccessDeniedException" is "access denied", "ThrottlingException" "throttling". */
    private static String words(String code) {
        String bare = code.replaceFirst("^.*[#:]", "").replaceFirst("(Exception|Error|Fault)$", "");
        if (bare.isEmpty()) bare = code;
        return bare.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    /** An answer with no error code or message: what its status means. */
    private static String status(int code) {
        return switch (code) {
            case 400 -> "AWS refused the request (HTTP 400)";
            case 401, 403 -> "access denied (HTTP " + code + ")";
            case 404 -> "not found (HTTP 404)";
            case 429 -> "too many requests (HTTP 429)";
            default -> code >= 500 ? "AWS failed to answer (HTTP " + code + ")" : "AWS answered HTTP " + code;
        };
    }

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
