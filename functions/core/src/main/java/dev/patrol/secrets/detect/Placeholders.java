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

    /**
     * Placeholder words and markers, found anywhere in the value, in any case.
     * None is a run of four letters alone: those are {@link #WORDS}.
     */
    private static final List<String> STOPWORDS = List.of(
            "example", "placeholder", "changeme", "change_me", "change-me", "redacted", "dummy", "sample",
            "your_", "your-", "yourtoken", "yourkey", "yoursecret", "****", "....", "<", ">",
            "${", "#{", "{{", "}}", "$(", "%(", "_here", "-here", "here_", "fixme", "insert", "replace",
            "process.env", "os.environ", "getenv", "environ[", "secrets.", "vault:", "ssm:", "secretsmanager:",
            "123456789", "abcdefghij", "notasecret", "not-a-secret", "not_a_secret", "not-a-real", "not_a_real");

    /**
     * Four-letter placeholder words. A random token of a hundred characters
     * holds one of them, in mixed case, about once in ten thousand ("tOdO"), so
     * they count only where they read as a word: all lower, all upper, or
     * capitalised.
     */
    private static final List<String> WORDS = List.of("xxxx", "todo", "fake");

    /**
     * Tokens and token bodies printed in providers' documentation and tutorials
     * (GitHub, Stripe, jwt.io's sample claims and signature, Azurite's
     * development storage key), found anywhere in any case.
     */
    private static final List<String> DOCUMENTED = List.of(
            "16c7e42f292c6912e7710c838347ae178b4a", "4ec39hqlyjwdarjtt1zdp7dc", "bqokikjovbii2hlwgh4olfq2", "26phem9ahjzvu623dfe1x4sd",
            "sflkxwrjsmekkf2qt4fwpmejf36pok6yjv_adqssw5c",
            "eyjzdwiioiixmjm0nty3odkwiiwibmftzsi6ikpvag4grg9li",
            "eby8vdm02xnocqflquwjpllmetlcdxj1ouzft50usrz6ifsufq2uverc");

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
            "timeout", "regex", "pattern", "hint", "placeholder", "example", "mask", "ref", "arn", "version",
            // where a secret is kept, not the secret: {{resolve:secretsmanager:prod/api:SecretString:key}}
            "secretsmanager", "secretmanager", "keyvault",
            // one-time or public values: pagination cursors, CSRF tokens, public and publishable keys
            "page", "next", "continuation", "cursor", "csrf", "xsrf", "authenticity", "public", "publishable",
            // what goes with a secret without being one: salts, IVs, nonces, ciphertext
            "salt", "iv", "nonce", "encrypted", "ciphertext");

    /** True when the value is a known example, a placeholder or a reference rather than a credential. */
    public static boolean isPlaceholder(String secret) {
        String lower = secret.toLowerCase(Locale.ROOT);
        if (DEFAULT_VALUES.contains(lower)) return true;
        for (String w : STOPWORDS) if (lower.contains(w)) return true;
        for (String w : DOCUMENTED) if (lower.contains(w)) return true;
        for (String w : WORDS) if (readsAsWord(secret, lower, w)) return true;
        if (SHELL_VAR.matcher(secret).matches()) return true;
        return secret.chars().distinct().count() <= 3 || mostlyOneCharacter(secret);
    }

    /** Whether {@code word} occurs in {@code secret} all lower, all upper or capitalised. */
    private static boolean readsAsWord(String secret, String lower, String word) {
        for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
            String found = secret.substring(at, at + word.length());
            String rest = found.substring(1);
            if (rest.equals(rest.toLowerCase(Locale.ROOT)) || found.equals(found.toUpperCase(Locale.ROOT))) return true;
        }
        return false;
    }

    /**
     * A quarter or more of the value is one character repeated (six times at
     * least), as in a token prefix followed by a run of one letter or of zeros. Random tokens
     * never are; a long private key may hold a run, but not a quarter of itself.
     */
    private static boolean mostlyOneCharacter(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = i > 0 && s.charAt(i) == s.charAt(i - 1) ? run + 1 : 1;
            longest = Math.max(longest, run);
        }
        return longest >= 6 && longest * 4 >= s.length();
    }

    /**
     * For generic rules: whether {@code secret}, assigned to {@code name}, can be a
     * credential. A name that says "hash", "url" or "file" holds something else; a
     * value that is a URL, a path or a dotted name is a reference, not a secret.
     */
    public static boolean plausibleGeneric(String name, String secret) {
        // The rules' regexes leave the length open (a bounded repeat costs the regex engine a thread per count);
        // a value of kilobytes is an embedded blob, not a credential (AWS session tokens, the longest, stay under 2 KB).
        if (secret.length() > MAX_GENERIC_LENGTH) return false;
        if (secret.contains("://") || dottedName(secret)) return false;
        if (NAME_ONLY.matcher(secret).matches() && (secret.length() < 24 || Entropy.shannon(secret) < 4.0)
                && !(secret.length() >= 16 && jumbledLetters(secret))) return false;
        if (!drawnAtRandom(decodedIfText(secret))) return false;
        if (looksLikePath(secret)) return false;
        if (name != null) {
            for (String word : words(name)) {
                if (NOT_A_SECRET_NAME.contains(word)) return false;
            }
        }
        return true;
    }

    /**
     * Whether a value reads as drawn at random rather than typed. A flat
     * entropy bar cannot say it: the entropy of a random string is bounded by
     * its length and its alphabet (32 random hex digits stay under 4 bits a
     * character, and one in five of them under 3.5; 12 random characters under
     * 3.6), while words and dates stay well below what their length and
     * alphabet allow. So the bar is the most this length and alphabet can
     * reach, less a margin that random strings clear 99 times in 100. Short
     * values must also mix three kinds of character (lower, upper, digit,
     * symbol), as generated passwords do and words with a number do not.
     */
    static boolean drawnAtRandom(String value) {
        // A word prefix (key-, GOCSPX-, tok_) would count its letters in the alphabet of a hex or base64 body.
        String body = WORD_PREFIX.matcher(value).replaceFirst("");
        String v = body.length() >= 16 ? body : value;
        int n = v.length();
        boolean lower = false, upper = false, digit = false, symbol = false, hexOnly = true;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c >= 'a' && c <= 'z') lower = true;
            else if (c >= 'A' && c <= 'Z') upper = true;
            else if (c >= '0' && c <= '9') digit = true;
            else symbol = true;
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '-')) hexOnly = false;
        }
        int kinds = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        if (!hexOnly && n < 16 && kinds < 3) return false;
        int alphabet = hexOnly ? 16 : (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 16 : 0);
        double ceiling = Math.log(Math.min(n, alphabet)) / Math.log(2);
        return Entropy.shannon(v) >= ceiling - RANDOM_MARGIN;
    }

    private static final Pattern WORD_PREFIX = Pattern.compile("^(?:[A-Za-z]{1,10}[_-]){1,3}");

    /** Bits a character below the most a value's length and alphabet allow that a random value may fall (see {@link #drawnAtRandom}). */
    private static final double RANDOM_MARGIN = 0.9;

    /**
     * Letters drawn at random rather than an identifier: a run of five or more
     * consonants whose case flips three times or more ({@code TbzWXLDq}).
     * Identifiers and acronyms (getPasswordFromVault, HTTPSConnection) have
     * none; two random letter-only values in three of 16 to 23 characters do.
     */
    static boolean jumbledLetters(String v) {
        int run = 0;
        int flips = 0;
        char prev = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isLetter(c) && "aeiouAEIOU".indexOf(c) < 0) {
                if (run > 0 && Character.isUpperCase(prev) != Character.isUpperCase(c)) flips++;
                run++;
                prev = c;
                if (run >= 5 && flips >= 3) return true;
            } else {
                run = 0;
                flips = 0;
            }
        }
        return false;
    }

    /**
     * A reference such as {@code settings.SECRET_KEY}, {@code r.password} or
     * {@code x509Possession.popPrivateKey}: names joined by dots, each holding
     * at most one group of digits. A random password may hold a dot too
     * ({@code IP8x9iA7HYd.ToIy2yfJE}), but its parts scatter digits.
     */
    private static boolean dottedName(String v) {
        if (!DOTTED_NAME.matcher(v).matches()) return false;
        for (String part : v.split("\\.")) {
            if (DIGIT_GROUP.matcher(part).replaceAll("#").chars().filter(c -> c == '#').count() > 1) return false;
        }
        return true;
    }

    private static final Pattern DIGIT_GROUP = Pattern.compile("[0-9]+");

    /**
     * The text a base64 value stands for, when it decodes to printable text
     * (a Kubernetes Secret's data holds its values so); else the value. Base64
     * of text never looks random, whatever the text.
     */
    static String decodedIfText(String v) {
        if (v.length() < 12 || v.length() % 4 != 0 || !BASE64.matcher(v).matches()) return v;
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            return v;
        }
        for (byte b : bytes) {
            if (b < 0x21 || b > 0x7e) return v;
        }
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/]+={0,2}$");

    /**
     * A file path: starts at a root, here or home and goes through folders. A
     * base64 key may start with a slash too, but seldom holds a second one
     * and no plus sign.
     */
    private static boolean looksLikePath(String v) {
        if (!(v.startsWith("/") || v.startsWith("./") || v.startsWith("../") || v.startsWith("~/"))) return false;
        return v.chars().filter(c -> c == '/').count() >= 2 && PATH.matcher(v).matches();
    }

    private static final Pattern PATH = Pattern.compile("^[\\w./~@-]+$");

    private static final int MAX_GENERIC_LENGTH = 2048;

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
