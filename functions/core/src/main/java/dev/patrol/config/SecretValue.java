package dev.patrol.config;

import java.util.Objects;

/**
 * A config string that may be a reference: {@code ${ENV_VAR}},
 * {@code secretsmanager:NAME[#jsonKey]} or {@code ssm:/name}, or a literal.
 * It is resolved only when used, through a {@link SecretResolver}, and never
 * printed: {@link #toString()} shows the reference, not the value.
 */
public final class SecretValue {
    private final String raw;

    private SecretValue(String raw) {
        this.raw = Objects.requireNonNull(raw);
    }

    public static SecretValue of(String raw) {
        return raw == null ? null : new SecretValue(raw);
    }

    /** The text as written in the config (a reference, or a literal value). Never log this for literals. */
    public String raw() {
        return raw;
    }

    public boolean isReference() {
        return raw.startsWith("secretsmanager:") || raw.startsWith("ssm:") || (raw.contains("${") && raw.contains("}"));
    }

    public String resolve(SecretResolver resolver) {
        return resolver.resolve(this);
    }

    @Override
    public String toString() {
        return isReference() ? raw.replaceAll("(?s)^(secretsmanager:|ssm:)?.*$", "$1<reference>") : "<redacted>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue s && s.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }
}
