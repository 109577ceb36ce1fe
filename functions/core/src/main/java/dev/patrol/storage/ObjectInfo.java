package dev.patrol.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What a listing, HEAD or GET says about an object. {@code checksums} maps an algorithm
 * (SHA256, CRC32C, CRC32, CRC64NVME, SHA1) to its base64 value as S3 reports it; a value
 * ending in {@code -N} is a composite checksum over N parts of {@code partSize} bytes
 * (the last part may be shorter). Listings carry no checksums; {@code partSize} is 0
 * when unknown or when the object is a single part.
 */
public record ObjectInfo(String location, long size, Instant lastModified, String etag,
                         Map<String, String> checksums, long partSize) {
    public ObjectInfo {
        checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    }

    public ObjectInfo(String location, long size, Instant lastModified, String etag, Map<String, String> checksums) {
        this(location, size, lastModified, etag, checksums, 0);
    }
}
