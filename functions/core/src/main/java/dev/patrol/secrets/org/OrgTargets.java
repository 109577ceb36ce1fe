package dev.patrol.secrets.org;

import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretResolver;
import dev.patrol.config.SecretsConfig;
import dev.patrol.pipeline.Target;
import dev.patrol.secrets.SecretsJob.RepoTarget;
import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import dev.patrol.time.Sizes;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The organisations of {@code secrets.repos} as targets: one per repository its forge lists
 * (named {@code ORG/REPO}, swept like any other repository, so a Lambda fans them out like
 * the rest), less archived ones and forks unless the entry asks for them, less what
 * {@code include}/{@code exclude} leave out. An organisation that cannot be listed becomes
 * one error target named after it, and a repository the forge says is bigger than the clone
 * cache one error target saying so, before any clone: neither stops the others.
 *
 * <p>A listing is kept for {@link #KEEP} so that the Lambda, which lists targets to decide on
 * fan-out and then runs them, or a warm worker running batch after batch, asks the forge once.
 */
public final class OrgTargets {
    static final Duration KEEP = Duration.ofMinutes(5);

    private record Kept(Instant at, List<ListedRepo> repos) {}

    private final Forge forge;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    public OrgTargets(Forge forge) {
        this.forge = forge;
    }

    /**
     * @param taken      target names already used (the plain repositories): a listed repository of the same name is left to them
     * @param cacheLimit how many bytes the clone cache may hold ({@link dev.patrol.secrets.git.CloneCache#limit()})
     * @param cacheDir   where the clone cache is, for messages
     */
    public List<Target> expand(List<SecretsConfig.Org> orgs, SecretResolver resolver, Clock clock, StateStore state, Set<String> taken,
                               long cacheLimit, Path cacheDir) {
        List<Target> targets = new ArrayList<>();
        for (SecretsConfig.Org org : orgs) {
            String token;
            try {
                token = org.token() == null ? null : org.token().resolve(resolver);
            } catch (SecretResolutionException e) {
                targets.add(failed(org, "the token of " + org.name() + " could not be read: " + e.getMessage()
                        + "; check secrets.repos " + org.name() + " token in the config"));
                continue;
            }
            Listing listing = listing(org, token, clock);
            if (listing instanceof Listing.Failed f) {
                targets.add(failed(org, hidden(f.message(), token)));
                continue;
            }
            List<String> names = new ArrayList<>();
            for (ListedRepo repo : wanted(org, ((Listing.Found) listing).repos())) {
                String name = org.name() + "/" + repo.path();
                if (taken.contains(name)) continue;
                names.add(name);
                if (repo.sizeBytes() > cacheLimit) {
                    targets.add(tooBig(org, name, repo, cacheLimit, cacheDir));
                } else {
                    targets.add(new RepoTarget(new SecretsConfig.Repo(name, repo.cloneUrl(), org.token(), org.severity())));
                }
            }
            remember(state, org, names);
        }
        return targets;
    }

    /** Adds {@code names} to the organisation's list in state ({@link Keys#ORG_REPOS}); names are never dropped, their findings stay. */
    private static void remember(StateStore state, SecretsConfig.Org org, List<String> names) {
        Optional<StateItem> item = state.get(Keys.ORG_REPOS, org.name());
        Set<String> all = new TreeSet<>(names);
        item.ifPresent(i -> Json.MAPPER.readTree(i.data()).forEach(n -> all.add(n.asString())));
        if (item.isPresent() && all.size() == Json.MAPPER.readTree(item.get().data()).size()) return;
        state.put(StateItem.of(Keys.ORG_REPOS, org.name(), Json.write(all)), Expect.ANYTHING);
    }

    /** The repositories of {@code org} that were ever listed, from state. */
    public static List<String> remembered(StateStore state, SecretsConfig.Org org) {
        List<String> names = new ArrayList<>();
        state.get(Keys.ORG_REPOS, org.name()).ifPresent(i -> Json.MAPPER.readTree(i.data()).forEach(n -> names.add(n.asString())));
        return names;
    }

    private Listing listing(SecretsConfig.Org org, String token, Clock clock) {
        String key = org.name() + " " + org.url();
        Kept k = kept.get(key);
        Instant now = clock.instant();
        if (k != null && now.isBefore(k.at().plus(KEEP))) return new Listing.Found(k.repos());
        Listing listing = forge.repositories(org, token);
        if (listing instanceof Listing.Found found) {
            List<ListedRepo> off = found.repos().stream().filter(r -> !sameServer(org, r.cloneUrl())).toList();
            if (!off.isEmpty()) {
                return new Listing.Failed("the " + forgeName(org) + " API listed " + org.name() + "/" + off.getFirst().path()
                        + " at " + server(off.getFirst().cloneUrl(), org.url()) + ", not at " + server(org.url(), off.getFirst().cloneUrl())
                        + "; Patrol sends the token only to the organisation's own server: check secrets.repos " + org.name() + " org");
            }
            kept.put(key, new Kept(now, found.repos()));
        }
        return listing;
    }

    /** The host of {@code url}, with its scheme when {@code other} has the same host (https://h against http://h). */
    private static String server(String url, String other) {
        URI u = URI.create(url);
        String host = String.valueOf(u.getHost());
        return host.equalsIgnoreCase(String.valueOf(URI.create(other).getHost())) ? u.getScheme() + "://" + host : host;
    }

    /** A token goes only where the organisation is (a loopback stand-in under the test override). */
    private static boolean sameServer(SecretsConfig.Org org, String cloneUrl) {
        URI clone;
        try {
            clone = URI.create(cloneUrl);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (clone.getHost() == null) return false;
        if (ForgeApiBase.overridden()) return ForgeApiBase.isLoopback(cloneUrl);
        URI home = URI.create(org.url());
        // the same host by another scheme is another server for a token: https listed as http would send it in clear
        return clone.getHost().equalsIgnoreCase(home.getHost()) && String.valueOf(clone.getScheme()).equalsIgnoreCase(home.getScheme());
    }

    static List<ListedRepo> wanted(SecretsConfig.Org org, List<ListedRepo> repos) {
        List<PathMatcher> include = matchers(org.include());
        List<PathMatcher> exclude = matchers(org.exclude());
        return repos.stream()
                .filter(r -> org.archived() || !r.archived())
                .filter(r -> org.forks() || !r.fork())
                .filter(r -> include.isEmpty() || include.stream().anyMatch(m -> m.matches(Path.of(r.path()))))
                .filter(r -> exclude.stream().noneMatch(m -> m.matches(Path.of(r.path()))))
                .sorted(Comparator.comparing(ListedRepo::path))
                .toList();
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        return globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    }

    private static UnsweptTarget failed(SecretsConfig.Org org, String message) {
        return new UnsweptTarget(org.name(), org.severity(), message, Map.of("org", org.url()));
    }

    private static UnsweptTarget tooBig(SecretsConfig.Org org, String name, ListedRepo repo, long limit, Path cacheDir) {
        return new UnsweptTarget(name, org.severity(), name + " is " + Sizes.format(repo.sizeBytes()) + " on " + forgeName(org)
                + ", more than the clone cache may hold (" + Sizes.format(limit) + " in " + cacheDir + "), so it was not cloned or swept; "
                + "give the cache more room (PATROL_CLONE_CACHE_MB on a bigger disk; in Lambda the CloneStorageMiB parameter, up to 10240), "
                + "or leave it out with exclude: [\"" + repo.path() + "\"] under secrets.repos " + org.name(),
                Map.of("org", org.url(), "sizeBytes", repo.sizeBytes(), "cloneCacheBytes", limit));
    }

    static String forgeName(SecretsConfig.Org org) {
        return org.forge().equals("gitlab") ? "GitLab" : "GitHub";
    }

    private static String hidden(String message, String token) {
        return token == null || token.isEmpty() ? message : message.replace(token, "<redacted>");
    }
}
