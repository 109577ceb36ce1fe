package dev.patrol.backups.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Patrol writes beside each snapshot it takes, as {@code NAME.patrol.json}: the
 * object's size and SHA-256, when and from what kind of source it was taken, and
 * what the source held (refs of a git repository, files of a folder), so a later
 * verification can tell the object is the one that was written.
 */
public record Manifest(String format, String object, long size, String sha256, Instant createdAt,
                       String sourceKind, Map<String, Object> contents) {

    public static final String FORMAT = "patrol-backup-manifest/1";
    public static final String SUFFIX = ".patrol.json";
    /** A manifest is a few kilobytes; a larger one is not ours. */
    static final int MAX_BYTES = 1 << 20;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public Manifest {
        contents = contents == null ? Map.of() : Map.copyOf(contents);
    }

    public byte[] toJson() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    }

    /** Reads a manifest; a file that is not one gives a message saying so. */
    public static Manifest read(InputStream in, String where) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) throw new IOException(where + " is larger than 1 MB: not a Patrol manifest");
        try {
            Manifest m = JSON.readValue(bytes, Manifest.class);
            if (!FORMAT.equals(m.format()) || m.sha256() == null || !m.sha256().matches("[0-9a-f]{64}")) {
                throw new IOException(where + " is not a Patrol backup manifest (" + FORMAT + " with a sha256)");
            }
            return m;
        } catch (JacksonException e) {
            throw new IOException(where + " is not a valid manifest: " + dev.patrol.state.Json.problem(e), e);
        }
    }

    /** The sidecar checksum file conventions of {@code sha256sum}: {@code NAME.sha256} or {@code NAME.sha256sum}. */
    public static final String SHA256_SIDECAR = ".sha256";
    public static final java.util.List<String> SHA256_SIDECARS = java.util.List.of(".sha256", ".sha256sum");

    /** A checksum list for a whole folder, as {@code sha256sum * > SHA256SUMS} writes it. */
    public static final String SHA256_LIST = "SHA256SUMS";

    /**
     * The lines of a {@code SHA256SUMS} file: "HEX  name", "HEX *name" (binary mode) or
     * BSD's "SHA256 (name) = HEX"; names keyed without a leading "./". Other lines are skipped.
     */
    public static java.util.Map<String, String> parseList(InputStream in, String where) throws IOException {
        byte[] bytes = in.readNBytes(16 << 20);
        java.util.Map<String, String> sums = new java.util.HashMap<>();
        java.util.regex.Pattern gnu = java.util.regex.Pattern.compile("^([0-9a-fA-F]{64}) [ *](.+)$");
        java.util.regex.Pattern bsd = java.util.regex.Pattern.compile("^SHA256 \\((.+)\\) = ([0-9a-fA-F]{64})$");
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            java.util.regex.Matcher m = gnu.matcher(line);
            if (m.matches()) {
                sums.put(stripDot(m.group(2)), m.group(1).toLowerCase(java.util.Locale.ROOT));
            } else if ((m = bsd.matcher(line)).matches()) {
                sums.put(stripDot(m.group(1)), m.group(2).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return sums;
    }

    private static String stripDot(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    /**
     * The SHA-256 in a sidecar file: {@code sha256sum}'s "HEX  name", BSD's
     * "SHA256 (name) = HEX", or the bare hex.
     */
    public static String parseSidecar(InputStream in, String where) throws IOException {
        byte[] bytes = in.readNBytes(64 * 1024);
        String text = new String(bytes, StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![0-9a-fA-F])([0-9a-fA-F]{64})(?![0-9a-fA-F])").matcher(text);
        if (!m.find()) throw new IOException(where + " holds no SHA-256 (64 hex digits)");
        return m.group(1).toLowerCase(java.util.Locale.ROOT);
    }

    public static Manifest of(String object, long size, String sha256, Instant createdAt, String sourceKind,
                              Map<String, Object> contents) {
        return new Manifest(FORMAT, object, size, sha256, createdAt, sourceKind, contents);
    }
}
