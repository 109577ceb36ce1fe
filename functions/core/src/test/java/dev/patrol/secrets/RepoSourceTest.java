package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.RepoSource;
import dev.patrol.secrets.git.RepoUnavailableException;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoSourceTest {

    @TempDir
    Path dir;

    @Test
    void aUrlIsClonedBareWithAllRefsAndTheCloneIsRemovedAfterwards() throws Exception {
        String token = "gh" + "p_" + new FakeCredentials(9).alnum(36);
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("origin.git"))) {
            git.commit("main", "init", Map.of("README", "x\n"));
            git.commit("topic", "wip", Map.of("ci.env", "GH=" + token + "\n"));
        }
        Path clone;
        try (RepoSource.Opened opened = RepoSource.open(dir.resolve("origin.git").toUri().toString(), null, null, ScanProgress.NONE)) {
            clone = opened.temporary();
            assertThat(clone).isNotNull();
            var result = new HistoryScanner(RuleSet.defaults()).scan(opened.repository(), ScanRequest.full("origin"), ScanProgress.NONE);
            assertThat(result.findings()).extracting(Finding::secret).containsExactly(token);
            assertThat(result.cursor().tips()).containsKeys("refs/heads/main", "refs/heads/topic");
        }
        assertThat(Files.exists(clone)).isFalse();
    }

    @Test
    void aCachedCloneHoldsBranchesAndTagsButNotPullRequestRefs() throws Exception {
        Path origin = dir.resolve("hosted.git");
        String pull;
        try (HistoryBuilder git = new HistoryBuilder(origin)) {
            git.commit("main", "init", Map.of("README", "x\n"));
            // What GitHub serves besides branches: one ref per pull request, with its commits.
            pull = git.commit("pull-1", "a contributor's change", Map.of("big.bin", "y".repeat(10_000)));
            var update = git.repository().updateRef("refs/pull/1/head");
            update.setNewObjectId(org.eclipse.jgit.lib.ObjectId.fromString(pull));
            update.forceUpdate();
            git.deleteBranch("pull-1");
            var tag = git.repository().updateRef("refs/tags/v1");
            tag.setNewObjectId(git.repository().resolve("refs/heads/main"));
            tag.forceUpdate();
        }
        Path cache = dir.resolve("clones");
        for (int sweep = 0; sweep < 2; sweep++) {  // the first clones, the second fetches
            try (RepoSource.Opened opened = RepoSource.open(origin.toUri().toString(), null, cache, ScanProgress.NONE)) {
                var refs = opened.repository().getRefDatabase().getRefs().stream().map(org.eclipse.jgit.lib.Ref::getName).toList();
                assertThat(refs).contains("refs/heads/main", "refs/tags/v1").noneMatch(r -> r.startsWith("refs/pull/"));
                assertThat(opened.repository().getObjectDatabase().has(org.eclipse.jgit.lib.ObjectId.fromString(pull))).isFalse();
            }
        }
    }

    @Test
    void aLocalWorkingCopyOrBareRepositoryIsOpenedInPlace() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("bare.git"))) {
            git.commit("main", "init", Map.of("README", "x\n"));
        }
        try (RepoSource.Opened opened = RepoSource.open(dir.resolve("bare.git").toString(), null, null, ScanProgress.NONE)) {
            assertThat(opened.temporary()).isNull();
        }
    }

    @Test
    void anUnreachableRepositoryIsAClearErrorThatNeverShowsTheToken() {
        String secret = "tok-" + new FakeCredentials(4).alnum(20);
        assertThatThrownBy(() -> RepoSource.open("https://user:" + secret + "@127.0.0.1:9/acme/deals.git", secret, null, ScanProgress.NONE))
                .isInstanceOf(RepoUnavailableException.class)
                .hasMessageStartingWith("cannot clone https://127.0.0.1:9/acme/deals.git")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("user:"));
        assertThatThrownBy(() -> RepoSource.open(dir.resolve("nothing-here").toString(), null, null, ScanProgress.NONE))
                .isInstanceOf(RepoUnavailableException.class).hasMessageContaining("nothing-here");
        assertThatThrownBy(() -> RepoSource.open(dir.toString(), null, null, ScanProgress.NONE))
                .isInstanceOf(RepoUnavailableException.class).hasMessageStartingWith("not a git repository");
    }
}
