package dev.patrol.backups;

import dev.patrol.storage.ObjectInfo;
import java.time.Instant;

/** One object of a backup set: its name relative to the set's location, the period its name gives, what the store listed. */
public record BackupObject(String name, Instant period, ObjectInfo info) {
    public String location() {
        return info.location();
    }

    public long size() {
        return info.size();
    }
}
