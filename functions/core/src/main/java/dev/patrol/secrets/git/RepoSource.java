package dev.patrol.secrets.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.RepositoryCache.FileKey;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import dev.patrol.state.PrivateFolder;

/**
 * Opens the repository a sweep reads: a local working copy or bare repository
 * as it is, or a URL cloned bare (branches and tags) into a temporary folder that
 * {@link Opened#close()} removes. With a {@code cacheDir}, the clone is kept
 * there, within the {@link CloneCache} limit, and later sweeps only fetch what is new.
 *
 * <p>Tokens go to the server as the password of HTTP basic auth
 * ({@code x-access-token}, which GitHub and GitLab accept), and so does a
 * {@code user:password@} in an http(s) URL ({@link RemoteCredentials}); neither is
 * written into the clone, and neither appears in messages, which name the URL with
 * any user-info removed.
 */
public final class RepoSource {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RepoSource.class);
    /** git's scp-like address, user@host:path: a URL without a scheme, and always SSH. */
    private static final java.util.regex.Pattern SCP_LIKE = java.util.regex.Pattern.compile("^[\\w.-]+@[\\w.-]+:.*");

    private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");
    private static final RefSpec TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

    private static final String SHA1_IMPLEMENTATION = "org.eclipse.jgit.util.sha1.implementation";
    private static final java.util.concurrent.atomic.AtomicBoolean TUNED = new java.util.concurrent.atomic.AtomicBoolean();

    private RepoSource() {}

    /**
     * An open repository; closing it deletes a temporary clone, or lets the cache evict a kept one again.
     * {@code cloned}: the blobs a fresh clone examined on the way, for the sweep (null when none were).
     */
    public record Opened(Repository repository, Path temporary, CloneCache.Lease lease, ClonedBlobs cloned) implements AutoCloseable {
        @Override
        public void close() {
            if (cloned != null) cloned.close();
            repository.close();
            if (temporary != null) deleteTree(temporary);
            if (lease != null) lease.close();
        }
    }

    /**
     * JGit tuned for one pass over history: small pack windows (less memory, and
     * measured no slower), no system git config, and the JDK's SHA-1 for clones. Process-wide; later calls do nothing.
     */
    public static void tuneForSweeps() {
        if (!TUNED.compareAndSet(false, true)) return;
        WindowCacheConfig c = new WindowCacheConfig();
        c.setPackedGitWindowSize(64 * 1024);
        c.setPackedGitMMAP(false);
        c.install();
        // A clone hashes every object it receives. JGit's default SHA-1 is Java code with git's
        // collision detection, and Patrol runs with C1 only, where the JDK's hardware SHA-1 is out
        // of reach too: hashing was 40% of a URL sweep's CPU. The JDK's own implementation is
        // ~0.6 s less CPU on the benchmark's clone. A sweep only reads its clone, which is its own
        // and is never pushed from or built, so a forged colliding object can change nothing a
        // collision check would guard. A user's own setting of the property is kept.
        if (System.getProperty(SHA1_IMPLEMENTATION) == null) System.setProperty(SHA1_IMPLEMENTATION, "jdkNative");
        // Finding git's system-wide config means running `git --version` and `git config
        // --system` in subprocesses (a quarter of a second); a sweep reads objects and needs
        // nothing from it. Same as GIT_CONFIG_NOSYSTEM=1. (Overriding getenv alone is not
        // enough: the delegate's openSystemConfig asks the default reader's environment.)
        SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public String getenv(String variable) {
                return "GIT_CONFIG_NOSYSTEM".equals(variable) ? "1" : super.getenv(variable);
            }

            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, null, fs) {
                    @Override
                    public void load() {
                        // nothing to read
                    }

                    @Override
                    public boolean isOutdated() {
                        return false;
                    }
                };
            }
        });
    }

    /**
     * Does now what opening the first repository would: JGit's set-up, whose first
     * config file loads JGit's message bundle by reflection (~40 ms). Safe to call
     * on another thread while a command line is still being parsed.
     */
    public static void warmUp() {
        tuneForSweeps();
        new FileBasedConfig(null, FS.DETECTED); // its class set-up is the slow part
        PackPass.warmUp();
    }

    public static Opened open(String pathOrUrl, String token, Path cacheDir, ScanProgress progress) {
        return open(pathOrUrl, token, cacheDir, progress, null);
    }

    /**
     * {@code blobs}: when a URL is cloned afresh (not fetched into a kept clone), its blobs are shown
     * to these as the clone receives them (see {@link ClonedBlobs}); null: not.
     */
    public static Opened open(String pathOrUrl, String token, Path cacheDir, ScanProgress progress, ClonedBlobs blobs) {
        if (isUrl(pathOrUrl)) return cloneOrFetch(pathOrUrl, token, cacheDir, progress, blobs);
        Path p = Path.of(pathOrUrl);
        if (!Files.isDirectory(p)) throw new RepoUnavailableException("not a directory or a repository URL: " + pathOrUrl, null);
        try {
            FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().setMustExist(true);
            if (Files.isDirectory(p.resolve(".git")) || Files.isRegularFile(p.resolve(".git"))) {
                b.findGitDir(p.toFile());
            } else {
                b.setGitDir(p.toFile());
            }
            Repository r = objectsFromEnvironment() ? b.build() : RepositoryCache.open(FileKey.exact(b.setup().getGitDir(), FS.DETECTED), true);
            if (!r.getObjectDatabase().exists()) {
                r.close();
                throw new IOException("no git objects");
            }
            return new Opened(r, null, null, null);
        } catch (IOException | IllegalArgumentException e) {
            throw new RepoUnavailableException("not a git repository: " + pathOrUrl, e);
        }
    }

    /**
     * A local repository opens through JGit's repository cache: a process that sweeps
     * it again (the secrets job in a warm Lambda or a scheduler) keeps its pack
     * indexes and refs loaded instead of reading them again (half of an incremental
     * sweep). Not when git's environment points the object store elsewhere.
     */
    private static boolean objectsFromEnvironment() {
        return System.getenv("GIT_OBJECT_DIRECTORY") != null || System.getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES") != null;
    }

    /** A URL (scheme:// or scp-like user@host:path) rather than a local path. */
    public static boolean isUrl(String s) {
        return s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || SCP_LIKE.matcher(s).matches();
    }

    /**
     * Why Patrol cannot clone this URL at all, or empty. JGit speaks SSH only with a session factory of
     * its own (Apache MINA), which Patrol does not ship: a Lambda has no SSH keys or known_hosts to give
     * it, and HTTPS with a token reaches every forge. Without this, JGit's "this.sch is null" reached users.
     */
    public static java.util.Optional<String> unsupported(String url) {
        boolean ssh = url.matches("^(?i:ssh|git\\+ssh|ssh\\+git|sftp)://.*") || (!url.contains("://") && SCP_LIKE.matcher(url).matches());
        if (!ssh) return java.util.Optional.empty();
        return java.util.Optional.of("is an SSH address, and Patrol clones over HTTPS (or git://, file://), not SSH: write it as "
                + httpsForm(url) + ", with a token for a private repository");
    }

    /**
     * Why a credential for this address would cross the network in clear, or empty: a token (or a
     * {@code user:password@}) for an {@code http://} address of another machine. Git would send it
     * in every fetch's Authorization header, readable on every hop; loopback (a tunnel, a test
     * server) stays on this machine.
     */
    public static java.util.Optional<String> inClear(String url, boolean token) {
        if (!url.regionMatches(true, 0, "http://", 0, 7)) return java.util.Optional.empty();
        java.net.URI u;
        try {
            u = java.net.URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // not a URL JGit can fetch either; it says so itself
        }
        if (!token && u.getRawUserInfo() == null) return java.util.Optional.empty();
        if (u.getHost() == null || isThisMachine(u.getHost())) return java.util.Optional.empty();
        return java.util.Optional.of("is http://, so its " + (token ? "token" : "password") + " would cross the network in clear on every fetch: write it as "
                + withoutUserInfo(url).replaceFirst("^(?i:http)://", "https://") + (token ? "" : " with the password in token:")
                + ", or leave the " + (token ? "token" : "credentials") + " out for a public repository");
    }

    private static boolean isThisMachine(String host) {
        return host.equalsIgnoreCase("localhost") || dev.patrol.secrets.verify.Endpoint.isLoopbackAddress(host);
    }

    /** git@github.com:acme/deals.git and ssh://git@github.com/acme/deals.git as https://github.com/acme/deals.git. */
    private static String httpsForm(String url) {
        String rest = url.replaceFirst("^(?i:[a-z+]+)://", "").replaceFirst("^[^@/]*@", "");
        if (!url.contains("://")) rest = rest.replaceFirst(":", "/");
        else rest = rest.replaceFirst("^([^/:]+):\\d+/", "$1/");
        return "https://" + rest;
    }

    private static Opened cloneOrFetch(String url, String token, Path cacheDir, ScanProgress progress, ClonedBlobs blobs) {
        String shown = withoutUserInfo(url);
        var refused = unsupported(url).or(() -> inClear(url, token != null && !token.isEmpty()));
        if (refused.isPresent()) throw new RepoUnavailableException(shown + " " + refused.get(), null);
        // The clone's config keeps the remote's URL: it gets the URL without credentials, and the
        // credentials go to each fetch through a provider, so none is ever written to disk.
        RemoteCredentials credentials = RemoteCredentials.of(url, token);
        String remote = credentials.url();
        Path dir = null;
        boolean temporary = cacheDir == null;
        CloneCache.Lease lease = null;
        try {
            dir = temporary ? Files.createTempDirectory("patrol-clone-")
                    : PrivateFolder.create(cacheDir).resolve(Integer.toHexString(remote.hashCode()) + ".git");
            // from before the fetch until the sweep is done, so no other sweep's eviction deletes it under us
            if (!temporary) lease = CloneCache.inUse(dir);
            var auth = credentials.provider();
            boolean fetched = !temporary && Files.isDirectory(dir.resolve("objects"));
            if (fetched) {
                try (Git git = Git.open(dir.toFile())) {
                    credentials.scrub(git.getRepository());
                    git.fetch().setCredentialsProvider(auth).setRemoveDeletedRefs(true)
                            .setRefSpecs(BRANCHES, TAGS).setProgressMonitor(monitor(progress)).call();
                }
            } else {
                // Branches and tags, not a mirror of refs/*: GitHub's refs/pull/* would bring every
                // pull request's commits (often more than the repository itself) into /tmp.
                SweepingClone.into(dir, remote, auth, monitor(progress), blobs);
            }
            if (!temporary) CloneCache.at(cacheDir).used(dir, java.time.Instant.now());
            Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            return new Opened(r, temporary ? dir : null, lease, fetched ? null : blobs);
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (blobs != null) blobs.close();
            if (temporary && dir != null) deleteTree(dir);
            if (lease != null) lease.close();
            if (log.isDebugEnabled()) log.debug("clone or fetch of {} failed: {}", shown, credentials.hide(chainOf(e)).replace(url, shown).replace(remote, shown));
            String why = credentials.hide(cloneFailure(e, remote)).replace(url, shown).replace(remote, shown);
            if (why.startsWith(shown + ": ")) why = why.substring(shown.length() + 2); // JGit repeats the URL
            throw new RepoUnavailableException("cannot clone " + shown + ": " + why, null);
        }
    }

    /** For a report of a failure: each cause's type, message and where it was thrown; no stack trace object reaches the log. */
    private static String chainOf(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement[] at = t.getStackTrace();
            b.append(b.isEmpty() ? "" : " <- ").append(t.getClass().getName()).append(": ").append(t.getMessage())
                    .append(at.length == 0 ? "" : " at " + at[0]);
        }
        return b.toString();
    }

    /** Why a clone or fetch failed, in words: JGit's "Invalid remote: origin" names neither the cause nor a fix. */
    private static String cloneFailure(Throwable e, String url) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        for (Throwable t : chain) {
            if (t instanceof org.eclipse.jgit.errors.NoRemoteRepositoryException) {
                return "no repository there; check the URL (a private repository also answers \"not found\" to a token that may not read it)";
            }
            if (t instanceof org.eclipse.jgit.errors.CorruptObjectException || t instanceof org.eclipse.jgit.errors.MissingObjectException
                    || t instanceof org.eclipse.jgit.transport.UploadPackInternalServerErrorException) {
                Throwable inner = chain.getLast();
                return "the repository is damaged (" + inner.getMessage() + "); run git fsck in it, or sweep a good copy";
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("internal server error")) {
                // Served in-process from a file: URL, that is the repository failing to read its own objects.
                return url.startsWith("file:") ? "the repository is damaged (its objects cannot be read); run git fsck in it, or sweep a good copy"
                        : "the server failed to send it (internal server error); try again later, or check the server";
            }
            if (m.contains("not authorized") || m.contains("Authentication is required") || m.contains("401")) {
                return "the server refused the credentials; check the token (or the URL's user:password) and that it may read the repository";
            }
        }
        Throwable last = chain.getLast();
        String m = last.getMessage();
        if (last instanceof org.eclipse.jgit.api.errors.InvalidRemoteException || m == null || m.isBlank()) {
            return "no repository there; check the URL";
        }
        // A JVM's own failure (a null, a bad state) says something about Patrol's code, nothing a user can act on.
        if (last instanceof NullPointerException || last instanceof IllegalStateException || last instanceof ClassCastException
                || last instanceof IndexOutOfBoundsException || last instanceof UnsupportedOperationException) {
            return "the git client failed unexpectedly; run again with PATROL_LOG=debug and report it";
        }
        return m;
    }

    /** How a path or URL may be shown: without any user-info (and so without a token in it). */
    public static String shown(String pathOrUrl) {
        return isUrl(pathOrUrl) ? withoutUserInfo(pathOrUrl) : pathOrUrl;
    }

    static String withoutUserInfo(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private static ProgressMonitor monitor(ScanProgress progress) {
        return new org.eclipse.jgit.lib.BatchingProgressMonitor() {
            @Override protected void onUpdate(String task, int done, java.time.Duration d) { progress.update(ScanProgress.Phase.CLONE, done, -1); }
            @Override protected void onEndTask(String task, int done, java.time.Duration d) { progress.update(ScanProgress.Phase.CLONE, done, done); }
            @Override protected void onUpdate(String task, int done, int total, int pct, java.time.Duration d) { progress.update(ScanProgress.Phase.CLONE, done, total); }
            @Override protected void onEndTask(String task, int done, int total, int pct, java.time.Duration d) { progress.update(ScanProgress.Phase.CLONE, done, total); }
        };
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary folder left behind is not worth failing a sweep for
        }
    }
}
