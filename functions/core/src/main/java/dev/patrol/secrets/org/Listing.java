package dev.patrol.secrets.org;

import java.util.List;

/** What asking a forge for an organisation's repositories gave: the repositories, or why there are none. */
public sealed interface Listing {
    record Found(List<ListedRepo> repos) implements Listing {
        public Found {
            repos = List.copyOf(repos);
        }
    }

    /** @param message one line a person can act on (what failed, and what to do); never holds the token */
    record Failed(String message) implements Listing {}
}
