package dev.patrol.report.scorecard;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A practice that shows as a file: 10 when one of the files is there (the evidence names it and
 * its size in lines), 0 when none is. The checks of this kind are data: see {@link #STANDARD}.
 */
public final class PresentFile implements Check {
    /** {@code paths}: a regular expression over lower-cased paths. */
    public record Spec(String id, Category category, String what, String paths) {}

    public static final List<Spec> STANDARD = List.of(
            new Spec("lint-format", Category.CODE_QUALITY, "lint or format configuration",
                    "(.*/)?(\\.editorconfig|\\.eslintrc(\\..+)?|eslint\\.config\\.[cm]?[jt]s|\\.prettierrc(\\..+)?|prettier\\.config\\.[cm]?js"
                            + "|biome\\.jsonc?|ruff\\.toml|\\.ruff\\.toml|\\.flake8|\\.pylintrc|\\.golangci\\.ya?ml|rustfmt\\.toml|\\.rustfmt\\.toml"
                            + "|checkstyle.*\\.xml|\\.rubocop\\.yml|\\.scalafmt\\.conf|\\.stylelintrc(\\..+)?|\\.clang-format|ktlint.*|detekt.*\\.ya?ml|spotless.*)"),
            new Spec("pre-commit", Category.CODE_QUALITY, "pre-commit hooks",
                    "(\\.pre-commit-config\\.ya?ml|\\.husky/.+|lefthook\\.ya?ml|\\.lefthook\\.ya?ml|\\.githooks/.+|\\.lintstagedrc(\\..+)?)"),
            new Spec("dependency-update-tool", Category.SECURITY, "Dependabot or Renovate configuration",
                    "(\\.github/dependabot\\.ya?ml|renovate\\.json5?|\\.renovaterc(\\.json5?)?|\\.github/renovate\\.json5?|\\.gitlab/renovate\\.json5?)"),
            new Spec("security-policy", Category.SECURITY, "SECURITY.md",
                    "((\\.github|docs)/)?security\\.(md|rst|txt|adoc)"),
            new Spec("license", Category.SECURITY, "license file",
                    "(licen[cs]e|copying|unlicense)(\\.(md|txt|rst))?|licen[cs]e-[a-z0-9.-]+"),
            new Spec("changelog", Category.DEPLOYMENT, "CHANGELOG",
                    "(changelog|changes|history|news|releases)(\\.(md|rst|txt|adoc))?"));

    private final Spec spec;
    private final Pattern paths;

    public PresentFile(Spec spec) {
        this.spec = spec;
        this.paths = Pattern.compile(spec.paths());
    }

    public String id() {
        return spec.id();
    }

    public Category category() {
        return spec.category();
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> found = repo.paths(p -> paths.matcher(p.toLowerCase(Locale.ROOT)).matches());
        if (found.isEmpty()) return Score.of(0, "no " + spec.what() + " found");
        return Score.of(10, found.stream().limit(5).map(p -> p + " (" + repo.text(p).map(t -> t.split("\n", -1).length + " lines").orElse("binary") + ")").toList());
    }
}
