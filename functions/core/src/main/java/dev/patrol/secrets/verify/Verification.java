package dev.patrol.secrets.verify;

/**
 * What a provider said of a found credential: {@code VERIFIED} (it works, as
 * {@code identity}), {@code UNVERIFIED} (the provider refused it), or
 * {@code UNKNOWN} (no answer: network error, rate limit, timeout). {@code identity}
 * and {@code detail} come from the provider's answer or Patrol's words, never
 * from the credential itself.
 */
public record Verification(Status status, String identity, String detail) {

    public enum Status {
        VERIFIED, UNVERIFIED, UNKNOWN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Verification {
        identity = identity == null ? "" : identity;
        detail = detail == null ? "" : detail;
    }

    public static Verification verified(String identity, String detail) {
        return new Verification(Status.VERIFIED, identity, detail);
    }

    public static Verification unverified(String detail) {
        return new Verification(Status.UNVERIFIED, "", detail);
    }

    public static Verification unknown(String detail) {
        return new Verification(Status.UNKNOWN, "", detail);
    }

    public boolean live() {
        return status == Status.VERIFIED;
    }

    /** One line for people: "live: arn:… — rotate now", "not live: …", "verification unknown: …". */
    public String summary() {
        return switch (status) {
            case VERIFIED -> "live: " + identity + " — rotate now" + (detail.isEmpty() ? "" : " (" + detail + ")");
            case UNVERIFIED -> "not live: " + (detail.isEmpty() ? "the provider refused it" : detail);
            case UNKNOWN -> "verification unknown: " + detail;
        };
    }
}
