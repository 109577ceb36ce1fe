package dev.patrol.report.dora;

import java.util.regex.Pattern;

/**
 * What counts as a deployment of a repository: {@code tag:GLOB} (each matching tag) or
 * {@code branch:NAME} (each first-parent commit on that branch).
 */
public record DeploymentSpec(boolean tags, String value) {

    public static DeploymentSpec parse(String spec) {
        if (spec.startsWith("tag:")) return new DeploymentSpec(true, spec.substring(4));
        if (spec.startsWith("branch:")) return new DeploymentSpec(false, spec.substring(7));
        throw new IllegalArgumentException("deployments \"" + spec + "\" must be tag:GLOB or branch:NAME");
    }

    /** Whether a tag name (without refs/tags/) matches the glob, as {@code git tag -l} does: {@code *} also matches "/". */
    public boolean matchesTag(String name) {
        return glob().matcher(name).matches();
    }

    private Pattern glob() {
        StringBuilder re = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[', ']' -> re.append(c);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return (tags ? "tag:" : "branch:") + value;
    }
}
