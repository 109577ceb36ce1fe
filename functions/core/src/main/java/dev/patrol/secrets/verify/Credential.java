package dev.patrol.secrets.verify;

/**
 * A credential to verify: the secret, and for the providers that need two parts
 * (an AWS key id with its secret key, a Twilio account SID with its auth token)
 * the other part. {@link #toString()} leaves both out.
 */
public record Credential(String ruleId, String secret, String partner) {

    public Credential {
        partner = partner == null ? "" : partner;
    }

    @Override
    public String toString() {
        return "Credential[" + ruleId + "]";
    }
}
