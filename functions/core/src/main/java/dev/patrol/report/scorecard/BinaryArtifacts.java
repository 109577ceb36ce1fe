package dev.patrol.report.scorecard;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Built binaries committed to the repository (10 minus one per file, as Scorecard counts them). */
public final class BinaryArtifacts implements Check {
    private static final Set<String> BUILT = Set.of("jar", "war", "ear", "class", "exe", "dll", "so", "dylib", "o", "a", "lib", "obj",
            "pyc", "pyo", "whl", "egg", "apk", "aab", "ipa", "msi", "deb", "rpm", "bin", "elc", "beam", "wasm");

    public String id() {
        return "binary-artifacts";
    }

    public Category category() {
        return Category.SECURITY;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> found = repo.paths(p -> {
            String name = RepoContent.fileName(p).toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            // The Gradle and Maven wrappers' jars are the one binary their tools expect in a repository; Scorecard allows them too.
            return dot > 0 && BUILT.contains(name.substring(dot + 1)) && !name.equals("gradle-wrapper.jar") && !name.equals("maven-wrapper.jar")
                    && repo.binary(p);
        });
        if (found.isEmpty()) return Score.of(10, "no built binaries among " + repo.paths().size() + " files");
        return Score.of(Math.max(0, 10 - found.size()), found.stream().limit(10).map(p -> p + " is a committed binary").toList());
    }
}
