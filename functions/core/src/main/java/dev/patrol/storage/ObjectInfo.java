package dev.patrol.storage;

import java.time.Instant;
import java.util.Map;

/** What a listing or HEAD says about an object; {@code checksums} maps algorithm (SHA256, CRC32C, ...) to its base64 value. */
public record ObjectInfo(String location, long size, Instant lastModified, String etag, Map<String, String> checksums) {
    public ObjectInfo {
        checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    }
}
