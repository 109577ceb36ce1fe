package dev.patrol.storage;

/** What {@link ObjectStore#put} wrote: where, how many bytes, and the hex SHA-256 of the whole content. */
public record PutResult(String location, long size, String sha256) {}
