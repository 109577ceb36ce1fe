package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.MissingBundlePrerequisiteException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.TransportBundleStream;
import org.eclipse.jgit.transport.URIish;

/**
 * A git bundle, proved the way {@code git clone x.bundle} would: every ref is fetched
 * into a scratch repository (each object checked as it is indexed), then every object
 * reachable from the refs is walked, so a bundle with a missing or corrupt object
 * fails here and not on the day of the restore. The scratch repository is deleted.
 */
final class GitBundleContent implements ContentReader {

    @Override
    public Map<String, Object> read(InputStream in, Context context) throws IOException {
        Path scratch = Files.createTempDirectory("patrol-bundle-");
        try (Repository repo = FileRepositoryBuilder.create(scratch.resolve("repo.git").toFile())) {
            repo.create(true);
            Map<String, String> refs = new TreeMap<>();
            try (TransportBundleStream transport = new TransportBundleStream(repo, new URIish().setPath("bundle"), ContentReader.unclosable(in))) {
                transport.setCheckFetchedObjects(true);
                try (FetchConnection fetch = transport.openFetch()) {
                    List<Ref> wanted = List.copyOf(fetch.getRefs());
                    if (wanted.isEmpty()) throw new BrokenBackupException("git bundle holds no refs: nothing to restore");
                    for (Ref r : wanted) refs.put(r.getName(), r.getObjectId().name());
                    fetch.fetch(NullProgressMonitor.INSTANCE, wanted, java.util.Set.of());
                }
            } catch (MissingBundlePrerequisiteException e) {
                throw new BrokenBackupException("git bundle is incremental: it needs commits it does not contain ("
                        + Causes.phrase(e) + "); keep a full bundle (all refs, no --since) or its base", e);
            } catch (TransportException e) {
                throw new BrokenBackupException("git bundle does not read: " + Causes.phrase(e), e);
            }
            long objects = walk(repo, refs, context);
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("refs", refs);
            facts.put("objects", objects);
            return facts;
        } finally {
            deleteTree(scratch);
        }
    }

    private static long walk(Repository repo, Map<String, String> refs, Context context) throws IOException {
        long objects = 0;
        try (ObjectWalk walk = new ObjectWalk(repo)) {
            for (String id : refs.values()) walk.markStart(walk.parseAny(ObjectId.fromString(id)));
            while (walk.next() != null) objects++;
            for (RevObject o; (o = walk.nextObject()) != null; ) {
                if (o.getType() == org.eclipse.jgit.lib.Constants.OBJ_BLOB && !repo.getObjectDatabase().has(o)) {
                    throw new MissingObjectException(o, o.getType());
                }
                if (++objects % 10_000 == 0) Deadlines.check(context.deadline());
            }
        } catch (MissingObjectException e) {
            throw new BrokenBackupException("git bundle lacks object " + e.getObjectId().name()
                    + " that its refs need: a clone from it would fail", e);
        }
        return objects;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a scratch folder in the temp directory: the OS cleans it if we cannot
        }
    }
}
