package dev.patrol.report.scorecard;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Tests present, and their share of the code files (a fifth or more scores 10). */
public final class Tests implements Check {
    static final Set<String> CODE = Set.of("java", "kt", "scala", "groovy", "py", "js", "jsx", "ts", "tsx", "go", "rs", "rb", "php",
            "cs", "swift", "c", "cc", "cpp", "h", "m", "ex", "exs", "clj", "dart", "sh");

    public String id() {
        return "tests";
    }

    public Category category() {
        return Category.TESTING;
    }

    /** Compiled once, not once a path (String.matches compiles its pattern every call). */
    private static final Pattern TEST_NAME = Pattern.compile(".*([._-]test|[._-]spec|tests?)\\.[a-z]+");
    private static final Pattern TEST_CLASS = Pattern.compile(".*test\\.(java|kt|scala|go|cs|php|swift)");

    static boolean code(String path) {
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') && CODE.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static boolean test(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        String name = RepoContent.fileName(p);
        return p.startsWith("test/") || p.startsWith("tests/") || p.contains("/test/") || p.contains("/tests/") || p.contains("__tests__/")
                || p.contains("/spec/") || p.startsWith("spec/") || name.startsWith("test_") || TEST_NAME.matcher(name).matches()
                || TEST_CLASS.matcher(name).matches();
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> code = repo.paths(Tests::code);
        if (code.isEmpty()) return Score.inconclusive("no source code files to test (" + repo.paths().size() + " files, none of them code)");
        List<String> tests = code.stream().filter(Tests::test).toList();
        int score = (int) Math.min(10, Math.round(10.0 * tests.size() / (code.size() * 0.2)));
        String share = String.format(Locale.ROOT, "%d test files of %d code files (%.0f%%)", tests.size(), code.size(), 100.0 * tests.size() / code.size());
        return tests.isEmpty() ? Score.of(0, share) : Score.of(score, List.of(share, "e.g. " + String.join(", ", tests.stream().limit(3).toList())));
    }
}
