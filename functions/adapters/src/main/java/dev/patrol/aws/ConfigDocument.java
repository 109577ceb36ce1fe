package dev.patrol.aws;

/**
 * The text of {@code patrol.yml} and where it came from ({@code s3://...},
 * {@code ssm:/...} or a path), so that configuration errors can name it.
 */
public record ConfigDocument(String origin, String text) {}
