package dev.patrol.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A history with a fake credential of every supported kind planted in one of
 * seven ways (stays on main; added then removed; on a branch merged then
 * deleted; base64-encoded; in a notebook; shifted by a later edit of its file;
 * on an unmerged branch), a copy of one into a second file, and decoys, binary
 * files, a symlink and a submodule entry that must not be reported.
 */
public final class PlantedHistory {

    /** What a sweep must report: the secret and where it was introduced. */
    public record Expected(String ruleId, String secret, String commit, String path, int line, boolean inCurrentTree, String how) {
        @Override
        public String toString() {
            return ruleId + " " + how + " " + path + ":" + line;
        }
    }

    public final List<Expected> expected = new ArrayList<>();
    public String copyCommit;
    public String copyPath;

    public static PlantedHistory build(HistoryBuilder git, long seed) throws IOException {
        PlantedHistory h = new PlantedHistory();
        h.plant(git, new FakeCredentials(seed));
        return h;
    }

    private void plant(HistoryBuilder git, FakeCredentials fakes) throws IOException {
        git.commit("main", "Initial commit", Map.of("README.md", "# deals\n\nThe pipeline.\n",
                "docs/decoys.md", "# Configuration examples\n\n" + String.join("\n", fakes.decoys()) + "\n"));
        List<FakeCredentials.Planted> kinds = new java.util.ArrayList<>(fakes.everyKind());
        kinds.addAll(fakes.variants());
        PersonIdent sam = new PersonIdent("Sam Ops", "sam@acme.example");
        for (int i = 0; i < kinds.size(); i++) {
            FakeCredentials.Planted p = kinds.get(i);
            boolean multiline = p.text().contains("\n");
            int variant = i % 7;
            if (variant == 4 && multiline) variant = 0;
            String path = p.fileName();
            String content = "# " + p.ruleId() + "\n\n" + p.text() + "\n";
            int line = 3 + lineOf(p.text(), p.secret());
            switch (variant) {
                case 0 -> add(git.commit("main", "Add " + path, Map.of(path, content), sam), p, path, line, true, "on main");
                case 1 -> {
                    add(git.commit("main", "Add " + path, Map.of(path, content)), p, path, line, false, "added then removed");
                    git.commit("main", "Remove credential from " + path, Map.of(path, "# " + p.ruleId() + "\n\nmoved to the vault\n"));
                }
                case 2 -> {
                    String branch = "feature-" + i;
                    add(git.commit(branch, "Add " + path, Map.of(path, content)), p, path, line, true, "merged then deleted branch");
                    git.commit("main", "Unrelated work " + i, Map.of("src/work" + i + ".txt", "work " + i + "\n"));
                    git.merge("main", branch, "Merge " + branch);
                    git.deleteBranch(branch);
                }
                case 3 -> {
                    path = "config/encoded-" + i + ".yaml";
                    String encoded = "kind: Secret\ndata:\n  value: " + FakeCredentials.b64(p.text()) + "\n";
                    add(git.commit("main", "Add " + path, Map.of(path, encoded)), p, path, 3, true, "base64-encoded");
                }
                case 4 -> {
                    path = "notebooks/explore-" + i + ".ipynb";
                    add(git.commit("main", "Add " + path, Map.of(path, notebook(p.text()))), p, path, 8, true, "in a notebook");
                }
                case 5 -> {
                    add(git.commit("main", "Add " + path, Map.of(path, content)), p, path, line, true, "shifted by a later edit");
                    git.commit("main", "Document " + path, Map.of(path, "# header\n# more\n# more\n" + content + "# trailer\n"));
                }
                default -> {
                    String branch = "wip-" + i;
                    add(git.commit(branch, "WIP " + path, Map.of(path, content)), p, path, line, false, "unmerged branch");
                }
            }
        }
        // The first credential copied into a second file: one finding, two occurrences.
        FakeCredentials.Planted first = kinds.getFirst();
        copyPath = "backup/aws.ini.bak";
        copyCommit = git.commit("main", "Back up config", Map.of(copyPath, "\n" + first.text() + "\n"));
        // Never read: a binary file, a symlink whose target looks like a token, a submodule.
        String token = "gh" + "p_" + fakes.alnum(36);
        byte[] binary = ("\u0000\u0001PNGish" + token).getBytes(StandardCharsets.UTF_8);
        git.commitEntry("main", "Add logo", "assets/logo.dat", FileMode.REGULAR_FILE, git.blob(binary));
        git.commitEntry("main", "Add link", "config/current", FileMode.SYMLINK, git.blob(token.getBytes(StandardCharsets.UTF_8)));
        git.commitEntry("main", "Add submodule", "vendor/lib", FileMode.GITLINK, ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
    }

    private void add(String commit, FakeCredentials.Planted p, String path, int line, boolean inTree, String how) {
        expected.add(new Expected(p.ruleId(), p.secret(), commit, path, line, inTree, how));
    }

    static int lineOf(String text, String secret) {
        int at = text.indexOf(secret);
        int n = 0;
        for (int i = 0; i < at; i++) if (text.charAt(i) == '\n') n++;
        return n;
    }

    static String notebook(String line) {
        String escaped = line.replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"metadata\": {},\n   \"source\": [\n"
                + "    \"import os\\n\",\n    \"" + escaped + "\"\n   ]\n  }\n ],\n \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}},\n"
                + " \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
    }
}
