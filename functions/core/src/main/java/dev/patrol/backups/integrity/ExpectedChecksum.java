package dev.patrol.backups.integrity;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A checksum an object should have, and who says so: the store ("S3 SHA256"), a
 * sidecar file ("pipeline.csv.gz.sha256") or Patrol's manifest. {@code parts} is 0 for
 * a checksum of the whole object, N for S3's composite checksum of a multipart upload
 * (the checksum of the N part checksums).
 */
public record ExpectedChecksum(ChecksumAlgorithm algorithm, byte[] value, String source, int parts) {

    public ExpectedChecksum {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public boolean composite() {
        return parts > 0;
    }

    public boolean matches(byte[] actual) {
        return Arrays.equals(value, actual);
    }

    public String hex() {
        return HexFormat.of().formatHex(value);
    }

    public static ExpectedChecksum ofHex(ChecksumAlgorithm algorithm, String hex, String source) {
        return new ExpectedChecksum(algorithm, HexFormat.of().parseHex(hex), source, 0);
    }

    /** The checksums a store reported ({@code SHA256 -> "base64"} or {@code "base64-3"} for composites); unreadable values are skipped. */
    public static java.util.List<ExpectedChecksum> fromStore(Map<String, String> checksums, String storeName) {
        return checksums.entrySet().stream()
                .flatMap(e -> fromStore(e.getKey(), e.getValue(), storeName).stream())
                .toList();
    }

    private static Optional<ExpectedChecksum> fromStore(String algorithm, String value, String storeName) {
        Optional<ChecksumAlgorithm> a = ChecksumAlgorithm.parse(algorithm);
        if (a.isEmpty() || value == null) return Optional.empty();
        int dash = value.lastIndexOf('-');
        int parts = 0;
        String b64 = value;
        if (dash > 0) {
            try {
                parts = Integer.parseInt(value.substring(dash + 1));
                b64 = value.substring(0, dash);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new ExpectedChecksum(a.get(), Base64.getDecoder().decode(b64),
                    storeName + " " + a.get().name() + (parts > 0 ? " (composite of " + parts + " parts)" : ""), parts));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
