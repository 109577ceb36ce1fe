package dev.patrol.secrets.detect;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Values that look like secrets but are not: the example keys of providers'
 * documentation, placeholders ({@code <your-token>},
 * {@code xxxx}, {@code ROTATED_TOKEN_HERE}), references to where the real value
 * lives ({@code ${VAR}}, {@code process.env.X}, {@code secretsmanager:…}), and,
 * for generic rules, names, paths and URLs that sit where a value could.
 */
public final class Placeholders {

    private Placeholders() {}

    private static final List<String> STOPWORDS = List.of(
            "example", "placeholder", "changeme", "change_me", "change-me", "redacted", "dummy", "sample",
            "your_", "your-", "yourtoken", "yourkey", "yoursecret", "xxxx", "****", "....", "<", ">",
            "${", "{{", "}}", "$(", "%(", "_here", "-here", "here_", "todo", "fixme", "insert", "replace",
            "process.env", "os.environ", "getenv", "environ[", "secrets.", "vault:", "ssm:", "secretsmanager:",
            "123456789", "abcdefghij", "notasecret", "not-a-secret", "not_a_secret", "not-a-real", "not_a_real",
            // bodies of tokens printed in providers' documentation and tutorials
            "16c7e42f292c6912e7710c838347ae178b4a", "4ec39hqlyjwdarjtt1zdp7dc", "sflkxwrjsmekkf2qt4fwpmejf36pok6yjv_adqssw5c");

    /** Values used as defaults in local setups and documentation, never as a real credential. */
    private static final Set<String> DEFAULT_VALUES = Set.of(
            "password", "passwd", "secret", "postgres", "root", "admin", "changeit", "pass", "test", "guest",
            "mysql", "redis", "user", "username", "example", "default", "letmein", "qwerty");

    private static final Pattern SHELL_VAR = Pattern.compile("^(?:\\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%)$");
    private static final Pattern DOTTED_NAME = Pattern.compile("^[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+(?:\\(\\))?$");
    private static final Pattern NAME_ONLY = Pattern.compile("^[A-Za-z_.-]+$");
    private static final Set<String> NOT_A_SECRET_NAME = Set.of(
            "hash", "hashed", "digest", "checksum", "sha", "sha1", "sha256", "sha512", "md5", "integrity",
            "fingerprint", "id", "uuid", "guid", "url", "uri", "endpoint", "path", "file", "filename", "dir",
            "name", "type", "format", "length", "len", "size", "count", "prefix", "suffix", "field", "header",
            "param", "label", "env", "var", "policy", "rotation", "expiry", "expires", "expiration", "ttl",
            "timeout", "regex", "pattern", "hint", "placeholder", "example", "mask", "ref", "arn", "version");

    /** True when the value is a known example, a placeholder or a reference rather than a credential. */
    public static boolean isPlaceholder(String secret) {
        String lower = secret.toLowerCase(Locale.ROOT);
        if (DEFAULT_VALUES.contains(lower)) return true;
        for (String w : STOPWORDS) if (lower.contains(w)) return true;
        if (SHELL_VAR.matcher(secret).matches()) return true;
        return secret.chars().distinct().count() <= 3;
    }

    /**
     * For generic rules: whether {@code secret}, assigned to {@code name}, can be a
     * credential. A name that says "hash", "url" or "file" holds something else; a
     * value that is a URL, a path or a dotted name is a reference, not a secret.
     */
    public static boolean plausibleGeneric(String name, String secret) {
        if (secret.contains("://") || secret.startsWith("/") || secret.startsWith("./") || secret.startsWith("~/")) return false;
        if (DOTTED_NAME.matcher(secret).matches()) return false;
        if (NAME_ONLY.matcher(secret).matches() && (secret.length() < 24 || Entropy.shannon(secret) < 4.0)) return false;
        if (name != null) {
            for (String word : words(name)) {
                if (NOT_A_SECRET_NAME.contains(word)) return false;
            }
        }
        return true;
    }

    /** Splits {@code db_password_hash} or {@code dbPasswordHash} into lower-case words. */
    static List<String> words(String name) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean separator = c == '_' || c == '.' || c == '-';
            boolean camel = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1));
            if ((separator || camel) && !w.isEmpty()) {
                out.add(w.toString().toLowerCase(Locale.ROOT));
                w.setLength(0);
            }
            if (!separator) w.append(c);
        }
        if (!w.isEmpty()) out.add(w.toString().toLowerCase(Locale.ROOT));
        return out;
    }
}
