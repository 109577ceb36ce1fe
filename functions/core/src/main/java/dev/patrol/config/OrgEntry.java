package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.net.URI;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads one {@code secrets.repos} entry that names an organisation ({@code org:}) instead of a repository. */
final class OrgEntry {
    private static final Set<String> KEYS = Set.of("name", "org", "forge", "token", "archived", "forks", "include", "exclude", "severity");

    private OrgEntry() {}

    static boolean is(Node n) {
        return n.has("org");
    }

    static SecretsConfig.Org read(ConfigReading r, Node n, ConfigReading.Names names, Severity severity) {
        n.allowOnly(KEYS);
        if (n.has("url")) {
            n.error("url", "an entry has either url (one repository) or org (every repository of an organisation), not both; "
                    + "split it into two entries");
        }
        String url = n.requiredText("org", "https://github.com/acme");
        String forge = url == null ? null : forge(n, url.strip().replaceAll("/+$", ""));
        if (url != null) url = url.strip().replaceAll("/+$", "");
        String name = n.has("name") ? names.claim(n) : names.claimDerived(n, "org", url == null || forge == null ? null : lastSegment(url));
        List<String> include = globs(n, "include");
        List<String> exclude = globs(n, "exclude");
        return new SecretsConfig.Org(name, forge == null ? null : url, forge, SecretValue.of(n.text("token")),
                r.bool(n, "archived", false), r.bool(n, "forks", false), include, exclude, r.severity(n, "severity", severity));
    }

    /** github or gitlab, from {@code forge:} or the address; null (with the error recorded) when the address is not an organisation's. */
    private static String forge(Node n, String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        String example = "write https://github.com/ORG, https://gitlab.com/GROUP[/SUBGROUP], or a self-hosted server's address with forge: github|gitlab";
        if (u == null || u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
                || u.getRawQuery() != null || u.getRawFragment() != null) {
            n.error("org", "\"" + url + "\" is not an organisation's web address; " + example);
            return null;
        }
        if (u.getRawUserInfo() != null) {
            n.error("org", "the address must not carry credentials; put the token in token: (e.g. token: \"${GITHUB_TOKEN}\")");
            return null;
        }
        var inClear = dev.patrol.secrets.git.RepoSource.inClear(url, n.has("token"));
        if (inClear.isPresent()) {
            n.error("org", inClear.get().replace("on every fetch", "on every listing and fetch"));
            return null;
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("^/+", "");
        if (path.isEmpty()) {
            n.error("org", "\"" + url + "\" names a server, not an organisation; " + example);
            return null;
        }
        if (path.endsWith(".git")) {
            n.error("org", "\"" + url + "\" is one repository; sweep it with url: instead of org:");
            return null;
        }
        String forge = n.text("forge");
        String host = u.getHost().toLowerCase(Locale.ROOT);
        if (forge != null) {
            forge = forge.strip().toLowerCase(Locale.ROOT);
            if (!forge.equals("github") && !forge.equals("gitlab")) {
                n.error("forge", "\"" + n.text("forge") + "\" is not a forge Patrol can list; use github or gitlab");
                return null;
            }
        } else if (host.equals("github.com") || host.startsWith("github.")) {
            forge = "github";
        } else if (host.equals("gitlab.com") || host.startsWith("gitlab.")) {
            forge = "gitlab";
        } else {
            n.error("org", "\"" + url + "\" is neither a GitHub nor a GitLab address; for a self-hosted server add forge: github (GitHub Enterprise) or forge: gitlab");
            return null;
        }
        if (forge.equals("github") && path.contains("/")) {
            n.error("org", "\"" + url + "\" is not a GitHub organisation: its address has one name after the host (https://github.com/acme); "
                    + "for one repository use url:");
            return null;
        }
        return forge;
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static List<String> globs(Node n, String key) {
        List<String> globs = n.texts(key);
        if (globs == null) return List.of();
        for (String g : globs) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + g);
            } catch (IllegalArgumentException e) {
                // PatternSyntaxException's message is three lines (the pattern and a caret under it): its description alone.
                String why = e instanceof java.util.regex.PatternSyntaxException p ? p.getDescription() + " at character " + (p.getIndex() + 1)
                        : "it does not parse";
                n.error(key, "\"" + g + "\" is not a glob (e.g. api-*, platform/**): " + why);
            }
        }
        return globs;
    }
}
