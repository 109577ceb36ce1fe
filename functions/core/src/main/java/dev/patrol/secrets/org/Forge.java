package dev.patrol.secrets.org;

import dev.patrol.config.SecretsConfig;

/** Lists an organisation's repositories through its forge's API (GitHub, GitLab): the adapters implement it. */
public interface Forge {
    /**
     * Every repository of {@code org}, archived and forks included (the caller filters), or why it cannot
     * say. Never throws for what the forge or the network answer; {@code token} may be null (public repositories only).
     */
    Listing repositories(SecretsConfig.Org org, String token);

    /** For builds without an HTTP client: every organisation fails with a message that says so. */
    Forge NONE = (org, token) -> new Listing.Failed("this build of Patrol cannot list organisations (no forge client)");
}
