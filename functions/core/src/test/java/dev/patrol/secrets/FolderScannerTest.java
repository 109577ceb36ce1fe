package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.files.FolderScanner;
import dev.patrol.secrets.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderScannerTest {

    @TempDir
    Path dir;

    @Test
    void aFolderOutsideGitIsScannedFileByFileWithoutFollowingLinksOrEnteringGit() throws Exception {
        FakeCredentials fakes = new FakeCredentials(21);
        String token = "gl" + "pat-" + fakes.alnum(20);
        String ignored = "np" + "m_" + fakes.alnum(36);
        Files.createDirectories(dir.resolve("app/.git"));
        Files.writeString(dir.resolve("app/ci.env"), "A=1\nGITLAB=" + token + "\n");
        Files.writeString(dir.resolve("app/.git/config"), "T=" + "gh" + "p_" + fakes.alnum(36) + "\n");
        Files.writeString(dir.resolve(".npmrc"), "//registry.npmjs.org/:_authToken=" + ignored + "\n");
        Files.writeString(dir.resolve(".gitleaksignore"), "# reviewed\n.npmrc:npm-access-token:1\n");
        Files.createSymbolicLink(dir.resolve("linked.env"), dir.resolve("app/ci.env"));

        var findings = new FolderScanner(new Detector(RuleSet.defaults()), 10 << 20).scan(dir, "workspace", Suppressions.none());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.secret()).isEqualTo(token);
            assertThat(f.first().path()).isEqualTo("app/ci.env");
            assertThat(f.first().startLine()).isEqualTo(2);
            assertThat(f.first().commit()).isEmpty();
        });
    }
}
