package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.rules.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a history of planted secrets and decoys written apart from the rules
 * ({@link UnseenCorpus}), a sweep with the built-in rules finds at least 95% of
 * the secrets and at least 90% of what it reports is a planted secret (the
 * acceptance bar of secret sweeps); each finding points at the commit and file
 * that introduced it. Per-kind figures and every miss and false positive are
 * printed, so that a failure says what to look at.
 */
class UnseenCorpusTest {

    static final double RECALL_BAR = 0.95;
    static final double PRECISION_BAR = 0.90;

    @TempDir
    static Path dir;
    static UnseenCorpus corpus;
    static ScanResult result;
    /** Which finding matched each plant, if any. */
    static final Map<UnseenCorpus.Plant, Finding> matched = new java.util.LinkedHashMap<>();
    static final List<Finding> falsePositives = new ArrayList<>();
    static int truePositives;

    @BeforeAll
    static void sweep() throws Exception {
        long seed = Long.getLong("unseen.seed", 20_250_301L);
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("unseen.git"))) {
            corpus = UnseenCorpus.build(git, seed);
            result = new HistoryScanner(RuleSet.defaults()).scan(git.repository(), ScanRequest.full("unseen"), ScanProgress.NONE);
        }
        for (UnseenCorpus.Plant p : corpus.plants) {
            result.findings().stream().filter(f -> matches(f, p)).findFirst().ifPresent(f -> matched.put(p, f));
        }
        for (Finding f : result.findings()) {
            if (corpus.plants.stream().anyMatch(p -> matches(f, p))) truePositives++;
            else falsePositives.add(f);
        }
        report(seed);
    }

    /**
     * A finding reports a plant when one of its places is the plant's file and
     * either the secrets overlap (the reported secret holds the plant's random
     * part, or is part of it) or it points at the plant's line (an encoded copy
     * reported as it is written).
     */
    static boolean matches(Finding f, UnseenCorpus.Plant p) {
        boolean overlap = f.secret().contains(p.core()) || f.secret().length() >= 8 && p.core().contains(f.secret());
        for (Occurrence o : f.occurrences()) {
            if (!o.path().equals(p.path())) continue;
            if (overlap || o.startLine() == p.line()) return true;
        }
        return false;
    }

    static double recall() {
        return (double) matched.size() / corpus.plants.size();
    }

    static double precision() {
        int reported = truePositives + falsePositives.size();
        return reported == 0 ? 1.0 : (double) truePositives / reported;
    }

    private static void report(long seed) {
        System.out.printf("unseen corpus (seed %d): %d secrets planted, %d decoys in %d files; %d findings%n",
                seed, corpus.plants.size(), corpus.decoys.stream().mapToInt(UnseenCorpus.DecoyFile::items).sum(), corpus.decoys.size(),
                result.findings().size());
        Map<String, int[]> byKind = new TreeMap<>();
        for (UnseenCorpus.Plant p : corpus.plants) {
            int[] c = byKind.computeIfAbsent(p.kind(), k -> new int[2]);
            c[0]++;
            if (matched.containsKey(p)) c[1]++;
        }
        System.out.println("recall by kind:");
        byKind.forEach((k, c) -> System.out.printf("  %-28s %3d/%-3d %.2f%n", k, c[1], c[0], (double) c[1] / c[0]));
        Map<String, int[]> byHow = new TreeMap<>();
        for (UnseenCorpus.Plant p : corpus.plants) {
            int[] c = byHow.computeIfAbsent(p.how(), k -> new int[2]);
            c[0]++;
            if (matched.containsKey(p)) c[1]++;
        }
        System.out.println("recall by carrier:");
        byHow.forEach((k, c) -> System.out.printf("  %-28s %3d/%-3d %.2f%n", k, c[1], c[0], (double) c[1] / c[0]));
        Map<String, int[]> decoyKinds = new TreeMap<>();
        corpus.decoys.forEach(d -> decoyKinds.computeIfAbsent(d.kind(), k -> new int[2])[0] += d.items());
        for (Finding f : falsePositives) decoyKinds.computeIfAbsent(falsePositiveKind(f), k -> new int[2])[1]++;
        System.out.println("false positives by decoy kind (decoys, reported):");
        decoyKinds.forEach((k, c) -> System.out.printf("  %-28s %3d %3d%n", k, c[0], c[1]));
        for (UnseenCorpus.Plant p : corpus.plants) {
            if (!matched.containsKey(p)) System.out.println("MISSED " + p);
        }
        for (Finding f : falsePositives) {
            Occurrence o = f.first();
            System.out.println("FALSE POSITIVE [" + falsePositiveKind(f) + "] " + f.ruleId() + " " + o.path() + ":" + o.startLine()
                    + (o.decodedFrom().isEmpty() ? "" : " via " + o.decodedFrom()) + " secret=" + abbreviate(f.secret()));
        }
        System.out.printf("recall %.3f, precision %.3f%n", recall(), precision());
    }

    private static String falsePositiveKind(Finding f) {
        for (Occurrence o : f.occurrences()) {
            Optional<UnseenCorpus.DecoyFile> d = corpus.decoys.stream().filter(x -> x.path().equals(o.path())).findFirst();
            if (d.isPresent()) return d.get().kind();
            Optional<UnseenCorpus.Plant> p = corpus.plants.stream().filter(x -> x.path().equals(o.path())).findFirst();
            if (p.isPresent()) return "beside " + p.get().kind();
        }
        return "elsewhere";
    }

    /** Enough of a fake secret to recognise it in the output. */
    private static String abbreviate(String s) {
        String one = s.replace("\n", "\\n").replace("\r", "\\r");
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }

    @Test
    void findsAtLeastNinetyFivePercentOfTheSecretsWithNinetyPercentPrecision() {
        assertThat(corpus.plants).hasSizeGreaterThan(100);
        assertThat(corpus.decoys.stream().mapToInt(UnseenCorpus.DecoyFile::items).sum()).isGreaterThanOrEqualTo(corpus.plants.size());
        assertThat(recall()).as("recall").isGreaterThanOrEqualTo(RECALL_BAR);
        assertThat(precision()).as("precision").isGreaterThanOrEqualTo(PRECISION_BAR);
    }

    @Test
    void eachFindingIsAttributedToTheCommitAndFileThatIntroducedIt() {
        List<String> wrong = new ArrayList<>();
        matched.forEach((p, f) -> {
            Occurrence first = f.first();
            if (!first.commit().equals(p.commit()) || !first.path().equals(p.path()) || first.startLine() != p.line()) {
                wrong.add(p + " reported at " + first.commit().substring(0, 8) + " " + first.path() + ":" + first.startLine());
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void aSecretLeftOnlyInHistoryIsSaidToBeGoneFromTheCurrentTree() {
        matched.forEach((p, f) -> {
            if (p.how().equals("added then removed") || p.how().equals("unmerged branch") || p.how().equals("only under a tag")) {
                assertThat(f.inCurrentTree()).as(p.toString()).isFalse();
            }
        });
    }
}
