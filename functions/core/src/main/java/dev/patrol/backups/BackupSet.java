package dev.patrol.backups;

import dev.patrol.config.BackupSetConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A backup set as one run sees it: its config, its parsed pattern, the folder its
 * names are relative to, the objects whose names match (oldest first), every name
 * listed (to find sidecars) and the time of the run.
 */
record BackupSet(BackupSetConfig config, BackupPattern pattern, String base, List<BackupObject> objects,
                 Set<String> listedNames, Instant now) {

    BackupSet {
        objects = List.copyOf(objects);
        listedNames = Set.copyOf(listedNames);
    }

    String name() {
        return config.name();
    }

    BackupObject newest() {
        return objects.get(objects.size() - 1);
    }

    /**
     * When the data in a backup is from: when it was written, but no later than the end of
     * the period its name gives, so an old backup copied again today still counts as old.
     */
    Instant dataTime(BackupObject o) {
        Instant periodEnd = o.period().plus(pattern.granularity());
        Instant written = o.info().lastModified();
        return written == null || periodEnd.isBefore(written) ? periodEnd : written;
    }

    /** The slack that maxAge leaves over every: how late a backup may land before its period counts as missing. */
    Duration grace() {
        Duration maxAge = config.maxAge();
        if (maxAge == null || config.every() == null || maxAge.compareTo(config.every()) <= 0) return Duration.ZERO;
        return maxAge.minus(config.every());
    }

    /**
     * Objects past retention: their period ended more than retention ago, plus one period
     * and a day of slack, because lifecycle rules expire objects asynchronously (within a day).
     */
    boolean expired(BackupObject o) {
        if (config.retention() == null) return false;
        Duration slack = (config.every() == null ? Duration.ZERO : config.every()).plus(Duration.ofDays(1));
        return o.period().plus(config.retention()).plus(slack).isBefore(now);
    }
}
