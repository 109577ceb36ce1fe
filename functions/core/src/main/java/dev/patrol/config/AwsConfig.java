package dev.patrol.config;

/** Region and optional endpoint override (LocalStack and the like); both may be null. */
public record AwsConfig(String region, String endpoint) {}
