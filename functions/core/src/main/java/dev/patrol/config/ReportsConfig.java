package dev.patrol.config;

/** Where reports go: {@code s3://bucket/prefix/} or a local folder; null when not configured. */
public record ReportsConfig(String output) {}
