package dev.patrol.cli;

import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretResolver;
import dev.patrol.config.SecretValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TEMP: replaced by the adapters' AwsSecretResolver. */
final class EnvOnlyResolver implements SecretResolver {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    @Override
    public String resolve(SecretValue value) {
        Matcher m = VAR.matcher(value.raw());
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = System.getenv(m.group(1));
            if (v == null) throw new SecretResolutionException("environment variable " + m.group(1) + " is not set");
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }
}
