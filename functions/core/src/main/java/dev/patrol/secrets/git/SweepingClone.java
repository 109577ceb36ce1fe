package dev.patrol.secrets.git;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;

/**
 * A bare clone of branches and tags as JGit's {@code CloneCommand} makes it (the
 * same remote config, refs and HEAD), whose pack goes through a
 * {@link SweepingPackParser} when there are {@link ClonedBlobs} to show it to:
 * {@code CloneCommand} opens its repository itself, and the pack parser comes from
 * the repository's object inserter.
 */
final class SweepingClone {

    private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");

    private SweepingClone() {}

    /** {@code blobs}: shown the clone's blobs; null: a plain clone. */
    static void into(Path dir, String url, CredentialsProvider auth, ProgressMonitor monitor, ClonedBlobs blobs)
            throws IOException, GitAPIException {
        FileRepositoryBuilder b = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare();
        b.setup();
        try (FileRepository repo = blobs == null ? new FileRepository(b) : new Tapped(b, blobs)) {
            repo.create(true);
            StoredConfig config = repo.getConfig();
            RemoteConfig origin = new RemoteConfig(config, Constants.DEFAULT_REMOTE_NAME);
            origin.addURI(new URIish(url));
            origin.setFetchRefSpecs(List.of(BRANCHES));
            origin.setTagOpt(TagOpt.FETCH_TAGS);
            origin.update(config);
            config.save();
            // HEAD as the initial branch: protocol v2 advertises only the refs asked for, and HEAD says the default branch.
            FetchResult result = Git.wrap(repo).fetch().setRemote(Constants.DEFAULT_REMOTE_NAME).setTagOpt(TagOpt.FETCH_TAGS)
                    .setInitialBranch(Constants.HEAD).setCredentialsProvider(auth).setProgressMonitor(monitor).call();
            pointHead(repo, result);
        } catch (URISyntaxException e) {
            throw new IOException("not a repository URL", e);
        }
    }

    /** HEAD as {@code CloneCommand} sets it: the server's default branch, or its HEAD's commit when that is no branch. */
    private static void pointHead(FileRepository repo, FetchResult result) throws IOException {
        Ref head = defaultBranch(result);
        if (head == null) head = result.getAdvertisedRef(Constants.HEAD);
        if (head == null || head.getObjectId() == null) return; // an empty repository
        boolean detached = !head.getName().startsWith(Constants.R_HEADS);
        if (!detached) {
            RefUpdate link = repo.updateRef(Constants.HEAD);
            link.disableRefLog();
            link.link(head.getName());
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RefUpdate u = repo.updateRef(Constants.HEAD, detached);
            u.setNewObjectId(walk.parseCommit(head.getObjectId()));
            u.forceUpdate();
        }
    }

    /** {@code CloneCommand}'s choice: HEAD's target, else master when HEAD is there, else the first branch at HEAD's commit. */
    private static Ref defaultBranch(FetchResult result) {
        Ref head = result.getAdvertisedRef(Constants.HEAD);
        if (head == null || head.getObjectId() == null) return null;
        if (head.isSymbolic()) return head.getTarget();
        Ref master = result.getAdvertisedRef(Constants.R_HEADS + Constants.MASTER);
        if (master != null && head.getObjectId().equals(master.getObjectId())) return master;
        for (Ref r : result.getAdvertisedRefs()) {
            if (r.getName().startsWith(Constants.R_HEADS) && head.getObjectId().equals(r.getObjectId())) return r;
        }
        return null;
    }

    /** The clone's repository: packs fetched into it are parsed by a {@link SweepingPackParser}. */
    private static final class Tapped extends FileRepository {
        private final ClonedBlobs blobs;

        Tapped(FileRepositoryBuilder b, ClonedBlobs blobs) throws IOException {
            super(b);
            this.blobs = blobs;
        }

        @Override
        public ObjectInserter newObjectInserter() {
            ObjectInserter real = super.newObjectInserter();
            int indexVersion = getConfig().get(CoreConfig.KEY).getPackIndexVersion();
            return new ObjectInserter.Filter() {
                @Override
                protected ObjectInserter delegate() {
                    return real;
                }

                @Override
                public PackParser newPackParser(InputStream in) {
                    return new SweepingPackParser(getObjectDatabase(), in, indexVersion, blobs);
                }
            };
        }
    }
}
