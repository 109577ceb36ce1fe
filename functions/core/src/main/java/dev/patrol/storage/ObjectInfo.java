package dev.patrol.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What a listing, HEAD or GET says about an object. {@code storageClass} is S3's
 * (null for folders and the standard class); {@code restore} is S3's restore status of an
 * archived object ({@code ongoing-request="false", expiry-date=...} once a copy is readable),
 * null when none was asked for. {@code checksums} maps an algorithm
 * (SHA256, CRC32C, CRC32, CRC64NVME, SHA1) to its base64 value as S3 reports it; a value
 * ending in {@code -N} is a composite checksum over N parts of {@code partSize} bytes
 * (the last part may be shorter). Listings carry no checksums; {@code partSize} is 0
 * when unknown or when the object is a single part.
 */
public record ObjectInfo(String location, long size, Instant lastModified, String etag,
                         Map<String, String> checksums, long partSize, String storageClass, String restore) {
    public ObjectInfo {
        checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    }

    public ObjectInfo(String location, long size, Instant lastModified, String etag, Map<String, String> checksums, long partSize) {
        this(location, size, lastModified, etag, checksums, partSize, null, null);
    }

    public ObjectInfo(String location, long size, Instant lastModified, String etag, Map<String, String> checksums) {
        this(location, size, lastModified, etag, checksums, 0);
    }

    /**
     * In an archive class (S3 Glacier Flexible Retrieval, Deep Archive) its bytes cannot be
     * read without a restore request. Glacier Instant Retrieval and Intelligent-Tiering
     * (whose archive tiers are opt-in and also answer "restore first") read like any other.
     */
    public boolean archived() {
        return "GLACIER".equals(storageClass) || "DEEP_ARCHIVE".equals(storageClass);
    }

    /** A restore was asked for and its temporary copy is readable now. */
    public boolean restored() {
        return restore != null && restore.contains("ongoing-request=\"false\"");
    }

    /** A restore was asked for and S3 is still working on it. */
    public boolean restoring() {
        return restore != null && restore.contains("ongoing-request=\"true\"");
    }
}
