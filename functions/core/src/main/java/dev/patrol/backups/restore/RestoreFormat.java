package dev.patrol.backups.restore;

import java.util.Locale;
import java.util.Optional;

/** The {@code restore} values of a backup set: how Patrol proves an object would restore. */
public enum RestoreFormat {
    AUTO, NONE, GZIP, ZSTD, TAR, ZIP, CSV, JSON, PGDUMP, MYSQLDUMP, SQLITE, GIT_BUNDLE;

    /** The word used in patrol.yml: auto, none, gzip, zstd, tar, zip, csv, json, pgdump, mysqldump, sqlite, git-bundle. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RestoreFormat> parse(String text) {
        if (text == null || text.isBlank()) return Optional.of(AUTO);
        for (RestoreFormat f : values()) if (f.id().equalsIgnoreCase(text.trim())) return Optional.of(f);
        return Optional.empty();
    }

    /** Every word patrol.yml accepts, for messages. */
    public static String words() {
        return String.join(", ", java.util.Arrays.stream(values()).map(RestoreFormat::id).toList());
    }

    boolean compression() {
        return this == GZIP || this == ZSTD;
    }
}
