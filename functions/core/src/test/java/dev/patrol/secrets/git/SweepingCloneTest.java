package dev.patrol.secrets.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.GitHttpServer;
import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A URL's fresh clone over smart HTTP (git's http-backend), its blobs examined while the
 * pack arrives: the sweep after it finds what a sweep of the served repository finds,
 * and the clone is a repository git itself accepts.
 */
class SweepingCloneTest {

    @TempDir
    Path dir;

    @Test
    void aSweepOfTheClonedUrlFindsWhatASweepOfTheServedRepositoryFinds() throws Exception {
        for (long seed = 21; seed <= 23; seed++) {
            Path served = Files.createDirectories(dir.resolve("served" + seed));
            Repository origin = PackPassTest.randomHistory(served.resolve("r.git"), seed);
            new GC((FileRepository) origin).gc().get(); // deltas of deltas in what the server sends
            if (seed == 22) origin.updateRef(Constants.HEAD).link("refs/heads/feature"); // a default branch that is not main
            // 1,500 bytes: some blobs, whole and from deltas, are over the size limit and not read
            for (long limit : new long[] {10 << 20, 1500}) {
                HistoryScanner.Options options = new HistoryScanner.Options(limit, 2);
                ScanResult local = scanner(options).scan(origin, ScanRequest.full("r"), ScanProgress.NONE);
                HistoryScanner scanner = scanner(options);
                try (GitHttpServer server = GitHttpServer.serve(served, "deploy", "pw");
                     RepoSource.Opened opened = RepoSource.open(server.url().replace("http://", "http://deploy:pw@") + "r.git",
                             null, null, ScanProgress.NONE, scanner.clonedBlobs())) {
                    assertThat(opened.cloned().received()).isTrue();
                    Process fsck = new ProcessBuilder("git", "--git-dir=" + opened.repository().getDirectory(), "fsck", "--full", "--strict")
                            .redirectErrorStream(true).start();
                    String said = new String(fsck.getInputStream().readAllBytes());
                    assertThat(fsck.waitFor()).as(said).isZero();
                    assertThat(opened.repository().exactRef(Constants.HEAD).getTarget().getName())
                            .isEqualTo(origin.exactRef(Constants.HEAD).getTarget().getName());

                    ScanResult cloned = scanner.scan(opened.repository(), ScanRequest.full("r"), ScanProgress.NONE, opened.cloned());
                    String what = "seed " + seed + ", limit " + limit;
                    assertThat(local.findings()).as(what).isNotEmpty();
                    assertThat(cloned.findings()).as(what).isEqualTo(local.findings());
                    assertThat(cloned.currentTree()).as(what).isEqualTo(local.currentTree());
                    assertThat(cloned.unread()).as(what).isEqualTo(local.unread());
                    assertThat(cloned.cursor().tips()).as(what).isEqualTo(local.cursor().tips());
                    ScanStats a = cloned.stats();
                    ScanStats b = local.stats();
                    assertThat(new long[] {a.commits(), a.blobs(), a.bytes(), a.skippedBinary(), a.skippedLarge()}).as(what)
                            .containsExactly(b.commits(), b.blobs(), b.bytes(), b.skippedBinary(), b.skippedLarge());
                    if (limit < 10_000) assertThat(a.skippedLarge()).as(what).isPositive();
                }
            }
            origin.close();
        }
    }

    private static HistoryScanner scanner(HistoryScanner.Options options) {
        return new HistoryScanner(new Detector(RuleSet.defaults()), options, Clock.systemUTC());
    }
}
