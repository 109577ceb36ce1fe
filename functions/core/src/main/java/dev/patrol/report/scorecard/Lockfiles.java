package dev.patrol.report.scorecard;

import java.util.ArrayList;
import java.util.List;

/** Each package ecosystem the repository uses pins its dependencies in a lockfile. */
public final class Lockfiles implements Check {
    /** Manifest, the lockfiles that pin it, and the ecosystem's name. */
    private record Ecosystem(String manifest, List<String> locks, String name) {}

    private static final List<Ecosystem> ECOSYSTEMS = List.of(
            new Ecosystem("package.json", List.of("package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock", "npm-shrinkwrap.json"), "npm"),
            new Ecosystem("pyproject.toml", List.of("poetry.lock", "uv.lock", "pdm.lock", "requirements.txt", "Pipfile.lock"), "Python"),
            new Ecosystem("Pipfile", List.of("Pipfile.lock"), "Pipenv"),
            new Ecosystem("go.mod", List.of("go.sum"), "Go"),
            new Ecosystem("Cargo.toml", List.of("Cargo.lock"), "Cargo"),
            new Ecosystem("Gemfile", List.of("Gemfile.lock"), "Bundler"),
            new Ecosystem("composer.json", List.of("composer.lock"), "Composer"),
            new Ecosystem("build.gradle", List.of("gradle.lockfile", "gradle/dependency-locks/"), "Gradle"),
            new Ecosystem("build.gradle.kts", List.of("gradle.lockfile", "gradle/dependency-locks/"), "Gradle"),
            new Ecosystem("mix.exs", List.of("mix.lock"), "Mix"),
            new Ecosystem("pubspec.yaml", List.of("pubspec.lock"), "Dart"));

    public String id() {
        return "lockfiles";
    }

    public Category category() {
        return Category.SECURITY;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> evidence = new ArrayList<>();
        int used = 0;
        int locked = 0;
        for (Ecosystem e : ECOSYSTEMS) {
            List<String> manifests = repo.named(n -> n.equals(e.manifest().toLowerCase(java.util.Locale.ROOT)));
            if (manifests.isEmpty()) continue;
            used++;
            List<String> locks = repo.paths(p -> e.locks().stream().anyMatch(l -> l.endsWith("/") ? p.contains(l) : RepoContent.fileName(p).equals(l)));
            if (!locks.isEmpty()) {
                locked++;
                evidence.add(e.name() + ": " + manifests.getFirst() + " locked by " + locks.getFirst());
            } else {
                evidence.add(e.name() + ": " + manifests.getFirst() + " has no lockfile (" + String.join(", ", e.locks()) + ")");
            }
        }
        if (used == 0) return Score.inconclusive("no package manifest of an ecosystem with lockfiles (Maven pins versions in pom.xml itself)");
        return Score.of(Score.share(locked, used), evidence);
    }
}
