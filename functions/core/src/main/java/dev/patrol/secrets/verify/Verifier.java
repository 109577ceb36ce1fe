package dev.patrol.secrets.verify;

import java.util.List;

/**
 * Asks one provider, at its documented endpoint only and with its least-privileged
 * read-only call, whether a credential works. One class per provider; the
 * {@link VerificationRun} bounds how often and how many at once.
 */
public interface Verifier {

    /** The provider's name, for limits and dry runs ("github", "aws"). */
    String provider();

    /** The rules whose findings this verifier can check. */
    List<String> rules();

    /** Whether this secret of one of {@link #rules()} is the kind this verifier checks (a Twilio SID is not its token). */
    default boolean applies(String secret) {
        return true;
    }

    /**
     * For a credential of two parts, what the other part looks like (an AWS key id
     * beside its secret key); it is looked for in the same file. Null when the
     * secret works alone.
     */
    default java.util.regex.Pattern partner() {
        return null;
    }

    /** The call that would be made, for a dry run: method and URL, never the credential. */
    String call();

    /**
     * Asks the provider. Never throws for the provider's or the network's faults:
     * those are an {@link Verification.Status#UNKNOWN} answer.
     */
    Verification verify(Credential credential);
}
