package dev.patrol.secrets.org;

/**
 * A repository as an organisation's listing gives it.
 *
 * @param path      its path inside the organisation ({@code api}, or {@code tools/cli} in a GitLab subgroup)
 * @param cloneUrl  the HTTPS address to clone it from
 * @param sizeBytes its size as the forge reports it, or -1 when the forge does not say
 */
public record ListedRepo(String path, String cloneUrl, boolean archived, boolean fork, long sizeBytes) {}
