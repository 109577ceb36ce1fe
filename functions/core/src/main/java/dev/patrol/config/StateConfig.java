package dev.patrol.config;

import java.nio.file.Path;

/** {@code table} set: DynamoDB; left out: embedded DynamoDB Local with its data under {@code dir}. */
public record StateConfig(String table, Path dir) {
    public boolean embedded() {
        return table == null;
    }
}
