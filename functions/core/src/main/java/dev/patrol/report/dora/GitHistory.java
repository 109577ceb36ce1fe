package dev.patrol.report.dora;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * What DORA needs from one repository's history: every deployment (oldest first) with the
 * commits it shipped first, and every revert. One walk over the commits: each is read once.
 */
public record GitHistory(List<Deployment> deployments, List<Revert> reverts, int commits, List<TagPosition> positions) {
    private static final Pattern REVERTS = Pattern.compile("This reverts commit ([0-9a-f]{7,40})");

    public static GitHistory read(Repository repo, DeploymentSpec spec) throws IOException {
        return read(repo, spec, List.of(), Instant.now());
    }

    /**
     * {@code remembered}: the tag positions of the previous report ({@link #positions()} of its history);
     * {@code now} dates a lightweight tag seen moved for the first time (its commit's date is the old code's).
     */
    public static GitHistory read(Repository repo, DeploymentSpec spec, List<TagPosition> remembered, Instant now) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return read(repo, walk, spec, remembered, now);
        }
    }

    /**
     * The same, in the caller's {@code walk}: the commits it parses stay parsed there for whatever
     * reads the repository next ({@code RepoContent}'s walk over HEAD, in the same report). It marks
     * them with a flag of its own, which later walks ignore.
     */
    public static GitHistory read(Repository repo, RevWalk walk, DeploymentSpec spec, List<TagPosition> remembered, Instant now) throws IOException {
        List<TagPosition> positions = new ArrayList<>();
        List<Marker> markers = spec.tags() ? tags(repo, walk, spec, remembered, now, positions) : branch(repo, walk, spec.value());
        markers.sort(Comparator.comparing(Marker::time).thenComparing(Marker::ref));
        RevFlag shipped = walk.newFlag("shipped");
        List<Deployment> deployments = new ArrayList<>();
        List<Revert> reverts = new ArrayList<>();
        int commits = 0;
        RevCommit last = null;
        for (Marker m : markers) {
            RevCommit tip = m.commit();
            boolean rollback = tip.has(shipped) && last != null && !tip.equals(last);
            List<Change> changes = new ArrayList<>();
            commits += ship(walk, shipped, List.of(tip), reverts,
                    (c, at) -> changes.add(new Change(c.name(), at, m.ref(), m.time())));
            deployments.add(new Deployment(m.ref(), tip.name(), m.time(), changes, rollback));
            last = tip;
        }
        // Reverts on commits no deployment has shipped yet still fail the deployment they revert.
        commits += unshipped(repo, walk, shipped, reverts);
        reverts.sort(Comparator.comparing(Revert::time));
        return new GitHistory(deployments, reverts, commits, positions);
    }

    private record Marker(String ref, RevCommit commit, Instant time) {}

    /** Annotated tags are dated by the tagger, lightweight ones by their commit (or, once moved, when Patrol saw the move). */
    private static List<Marker> tags(Repository repo, RevWalk walk, DeploymentSpec spec, List<TagPosition> remembered, Instant now,
                                     List<TagPosition> positions) throws IOException {
        java.util.Map<String, TagPosition> before = new java.util.HashMap<>();
        List<Marker> out = new ArrayList<>();
        for (TagPosition p : remembered) {
            if (p.current()) {
                before.put(p.tag(), p);
            } else if (spec.matchesTag(p.tag())) {
                commit(walk, p.sha()).ifPresent(c -> {
                    out.add(new Marker(p.tag() + " (moved)", c, p.time()));
                    positions.add(p);
                });
            }
        }
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
            String name = ref.getName().substring(Constants.R_TAGS.length());
            if (!spec.matchesTag(name)) continue;
            RevObject o = walk.parseAny(ref.getObjectId());
            Instant time = null;
            while (o instanceof RevTag t) {
                if (time == null && t.getTaggerIdent() != null) time = t.getTaggerIdent().getWhenAsInstant();
                o = walk.parseAny(t.getObject());
            }
            if (!(o instanceof RevCommit c)) continue;
            walk.parseHeaders(c);
            TagPosition last = before.get(name);
            if (last != null && last.sha().equals(c.name())) {
                time = last.time();
            } else if (last != null) {
                java.util.Optional<RevCommit> old = commit(walk, last.sha());
                if (old.isPresent()) {
                    out.add(new Marker(name + " (moved)", old.get(), last.time()));
                    positions.add(new TagPosition(name, last.sha(), last.time(), false));
                }
                if (time == null) time = now;
            }
            if (time == null) time = Instant.ofEpochSecond(c.getCommitTime());
            out.add(new Marker(name, c, time));
            positions.add(new TagPosition(name, c.name(), time, true));
        }
        return out;
    }

    private static java.util.Optional<RevCommit> commit(RevWalk walk, String sha) {
        try {
            return java.util.Optional.of(walk.parseCommit(ObjectId.fromString(sha)));
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.empty(); // gone with a rewritten history: nothing left to count
        }
    }

    private static List<Marker> branch(Repository repo, RevWalk walk, String name) throws IOException {
        Ref ref = repo.exactRef(Constants.R_HEADS + name);
        if (ref == null) ref = repo.exactRef(Constants.R_REMOTES + "origin/" + name);
        if (ref == null) throw new IOException("has no branch " + name + " (reports deployments: branch:" + name + ")");
        List<Marker> out = new ArrayList<>();
        RevCommit c = walk.parseCommit(ref.getObjectId());
        while (c != null) {
            out.add(new Marker(c.name().substring(0, 12), c, Instant.ofEpochSecond(c.getCommitTime())));
            c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
        }
        return out;
    }

    private static int unshipped(Repository repo, RevWalk walk, RevFlag shipped, List<Revert> reverts) throws IOException {
        List<RevCommit> tips = new ArrayList<>();
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            ObjectId id = ref.getObjectId();
            if (id != null && walk.parseAny(id) instanceof RevCommit c) tips.add(c);
        }
        return ship(walk, shipped, tips, reverts, (c, at) -> { });
    }

    /** Visits every commit reachable from {@code tips} that is not yet {@code shipped}, once, and marks it. */
    private static int ship(RevWalk walk, RevFlag shipped, List<RevCommit> tips, List<Revert> reverts,
                            java.util.function.BiConsumer<RevCommit, Instant> each) throws IOException {
        int seen = 0;
        Deque<RevCommit> todo = new ArrayDeque<>(tips);
        while (!todo.isEmpty()) {
            RevCommit c = todo.pop();
            if (c.has(shipped)) continue;
            walk.parseBody(c);
            c.add(shipped);
            seen++;
            Instant at = Instant.ofEpochSecond(c.getCommitTime());
            each.accept(c, at);
            revert(c, at).ifPresent(reverts::add);
            for (RevCommit p : c.getParents()) if (!p.has(shipped)) todo.push(p);
        }
        return seen;
    }

    private static java.util.Optional<Revert> revert(RevCommit c, Instant at) {
        Matcher m = REVERTS.matcher(c.getFullMessage());
        if (!m.find()) return java.util.Optional.empty();
        return java.util.Optional.of(new Revert(c.name(), at, m.group(1), dev.patrol.report.Redaction.of(c.getShortMessage())));
    }
}
