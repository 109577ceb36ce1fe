package dev.patrol.secrets.git;

/**
 * Something a sweep did not read, and why: a file over the size limit, a submodule (its
 * own repository), a blob missing from a partial clone, a file that could not be read, or
 * the history a shallow clone does not have. A leak can sit in any of them, so reports say so rather than count it
 * silently ("1 secret found" over a 200 MB file that was never opened is a false comfort).
 *
 * @param path   the file or submodule (empty for a shallow clone's missing history)
 * @param commit the commit that introduced it (empty when not known)
 */
public record Unread(Kind kind, String path, String commit, String why) {
    public enum Kind {
        TOO_LARGE("too-large"), SUBMODULE("submodule"), MISSING("missing"), UNREADABLE("unreadable"), SHALLOW("shallow");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** One line for people: "big/dump.sql (commit 1a2b3c4d): larger than the 10 MB limit, not read". */
    public String line() {
        String where = path.isEmpty() ? "" : path + (commit.isEmpty() ? "" : " (commit " + commit.substring(0, Math.min(8, commit.length())) + ")") + ": ";
        return where + why;
    }

    /** As a report's JSON shows it; {@code mask} hides a secret in the path (a file may be named after one). */
    public java.util.Map<String, Object> fields(java.util.function.UnaryOperator<String> mask) {
        java.util.Map<String, Object> x = new java.util.LinkedHashMap<>();
        x.put("kind", kind.id());
        x.put("path", mask.apply(path));
        x.put("commit", commit);
        x.put("why", why);
        return x;
    }
}
