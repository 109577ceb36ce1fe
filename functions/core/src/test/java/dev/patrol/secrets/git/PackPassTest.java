package dev.patrol.secrets.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.secrets.FakeCredentials;
import dev.patrol.secrets.HistoryBuilder;
import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.KeywordEvents;
import dev.patrol.secrets.rules.RuleSet;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class PackPassTest {

    @TempDir
    Path dir;

    /** A file grown over many commits: the pack stores most versions as deltas of one another. */
    private Pack packedHistory() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("r.git"))) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < 40; c++) {
                for (int l = 0; l < 50; l++) text.append("line ").append(c).append(' ').append(l).append(" of the growing file\n");
                git.commit("main", "grow " + c, Map.of("big.txt", text.toString(), "small" + c + ".txt", "v" + c + "\n"));
            }
            new GC((FileRepository) git.repository()).gc().get();
            return ((ObjectDirectory) git.repository().getObjectDatabase()).getPacks().iterator().next();
        }
    }

    @Test
    void everyBlobComesOutAsJGitReadsItOrIsHandedBack() throws Exception {
        Pack pack = packedHistory();
        for (long keep : new long[] {64L << 20, 0}) {
            PackPass pass = new PackPass(pack, 10 << 20, keep);
            long[] blobs = pass.blobOffsets();
            assertThat(blobs).hasSize(80);
            Map<Long, byte[]> read = new HashMap<>();
            List<Long> left = pass.read(blobs, new PackPass.Sink() {
                @Override
                public void blob(long offset, byte[] content, dev.patrol.secrets.detect.KeywordEvents events) {
                    read.put(offset, content);
                }

                @Override
                public void tooLarge(long offset) {
                    throw new AssertionError("nothing here is large");
                }
            });
            assertThat(read.size() + left.size()).as("kept %d", keep).isEqualTo(blobs.length);
            if (keep == 0) assertThat(left).as("deltas whose base was not kept").isNotEmpty();
            else assertThat(left).isEmpty();
            try (FileRepository repo = new FileRepository(dir.resolve("r.git").toFile()); var reader = repo.newObjectReader()) {
                for (var e : read.entrySet()) {
                    byte[] expected = reader.open(pass.idAt(e.getKey()), Constants.OBJ_BLOB).getBytes();
                    assertThat(new String(e.getValue(), StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Objects are inflated ahead on a thread of their own: a failure there or in the sink ends the pass, and the thread. */
    @Test
    @Timeout(60) // a pass that waited for ever for a failed thread would hang the sweep
    void aCorruptObjectOrAFailingSinkFailsThePassAndLeavesNoThreadBehind() throws Exception {
        Pack pack = packedHistory();
        long[] blobs = new PackPass(pack, 10 << 20, 64L << 20).blobOffsets();
        PackPass.Sink failing = new PackPass.Sink() {
            @Override
            public void blob(long offset, byte[] content, KeywordEvents events) {
                throw new IllegalStateException("the sink failed");
            }

            @Override
            public void tooLarge(long offset) {}
        };
        assertThatThrownBy(() -> new PackPass(pack, 10 << 20, 64L << 20).read(blobs, failing)).hasMessage("the sink failed");
        assertThat(inflaterThreads()).isZero();

        try (RandomAccessFile file = new RandomAccessFile(pack.getPackFile(), "rw")) {
            for (int i = 0; i + 1 < blobs.length; i++) {
                if (blobs[i + 1] - blobs[i] < 64) continue; // past the header, inside the zlib stream of a larger object
                file.seek(blobs[i] + 12);
                file.write(new byte[] {(byte) 0xff, 0x13, (byte) 0xee, 0x07, (byte) 0xaa, 0x55, (byte) 0xc3, 0x3c});
            }
        }
        List<Long> read = new ArrayList<>();
        assertThatThrownBy(() -> new PackPass(pack, 10 << 20, 64L << 20).read(blobs, new PackPass.Sink() {
            @Override
            public void blob(long offset, byte[] content, KeywordEvents events) {
                read.add(offset);
            }

            @Override
            public void tooLarge(long offset) {}
        })).isInstanceOf(IOException.class).hasMessageContaining("at offset");
        assertThat(read).hasSizeLessThan(blobs.length);
        assertThat(inflaterThreads()).isZero();
    }

    private static long inflaterThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("patrol-pack-inflater")).count();
    }

    @Test
    void aBlobOverTheLimitIsReportedFromItsHeaderAndNotInflated() throws Exception {
        Pack pack = packedHistory();
        PackPass pass = new PackPass(pack, 100, 64L << 20);
        List<Long> large = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        pass.read(pass.blobOffsets(), new PackPass.Sink() {
            @Override
            public void blob(long offset, byte[] content, dev.patrol.secrets.detect.KeywordEvents events) {
                assertThat(content.length).isLessThanOrEqualTo(100);
                read.add(offset);
            }

            @Override
            public void tooLarge(long offset) {
                large.add(offset);
            }
        });
        assertThat(large).hasSize(40);
        assertThat(read).hasSize(40);
    }

    /**
     * A random history: files edited over many commits with planted secrets, decoys,
     * encoded text, lines joined across continuations and binary files, lines
     * inserted, deleted and moved, so that the pack holds deltas of deltas.
     */
    static Repository randomHistory(Path at, long seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        FakeCredentials fakes = new FakeCredentials(seed);
        List<String> planted = new ArrayList<>();
        for (FakeCredentials.Planted p : fakes.everyKind()) planted.add(p.text());
        for (FakeCredentials.Planted p : fakes.variants()) planted.add(p.text());
        planted.addAll(fakes.decoys());
        planted.add("password = \"" + fakes.alnum(12) + "\" \\");
        planted.add("%41%4B%49%41" + fakes.alnum(10));
        planted.add(java.util.Base64.getEncoder().encodeToString(planted.get(0).getBytes(StandardCharsets.UTF_8)));
        List<String> filler = List.of("import java.util.List;", "    return token != null;", "key: value", "# secret sauce",
                "const apiKey = process.env.API_KEY;", "url = https://example.com/a%20b", "", "    }", "password_hint: see wiki");
        HistoryBuilder git = new HistoryBuilder(at);
        Map<String, List<String>> files = new java.util.LinkedHashMap<>();
        for (int f = 0; f < 6; f++) files.put("src/file" + f + (f % 2 == 0 ? ".py" : ".yml"), new ArrayList<>());
        for (int c = 0; c < 60; c++) {
            Map<String, String> changes = new HashMap<>();
            for (var e : files.entrySet()) {
                if (random.nextInt(3) == 0) continue;
                List<String> lines = e.getValue();
                int edits = 1 + random.nextInt(8);
                for (int i = 0; i < edits; i++) {
                    int op = random.nextInt(10);
                    if (op < 6 || lines.isEmpty()) {
                        List<String> from = random.nextInt(6) == 0 ? planted : filler;
                        lines.add(random.nextInt(lines.size() + 1), from.get(random.nextInt(from.size())));
                    } else if (op < 8) {
                        lines.remove(random.nextInt(lines.size()));
                    } else {
                        String moved = lines.remove(random.nextInt(lines.size()));
                        lines.add(random.nextInt(lines.size() + 1), moved);
                    }
                }
                changes.put(e.getKey(), String.join("\n", lines) + "\n");
            }
            if (c % 15 == 0) changes.put("bin/data" + c + ".bin", "\0\1\2 token=" + fakes.alnum(20) + "\0".repeat(random.nextInt(50)));
            git.commit(random.nextInt(4) == 0 ? "feature" : "main", "commit " + c, changes);
        }
        return git.repository();
    }

    @Test
    void keywordOccurrencesFromDeltasGiveTheFindingsOfAFullKeywordPass() throws Exception {
        Detector detector = new Detector(RuleSet.defaults());
        int withEvents = 0;
        int deltasCompared = 0;
        for (long seed = 1; seed <= 6; seed++) {
            Repository repo = randomHistory(dir.resolve("random" + seed + ".git"), seed);
            new GC((FileRepository) repo).gc().get();
            Pack pack = ((ObjectDirectory) repo.getObjectDatabase()).getPacks().iterator().next();
            PackPass pass = new PackPass(pack, 10 << 20, 64L << 20, detector);
            Map<Long, byte[]> contents = new HashMap<>();
            Map<Long, KeywordEvents> events = new HashMap<>();
            List<Long> left = pass.read(pass.blobOffsets(), new PackPass.Sink() {
                @Override
                public void blob(long offset, byte[] content, KeywordEvents e) {
                    contents.put(offset, content);
                    if (e != null) events.put(offset, e);
                }

                @Override
                public void tooLarge(long offset) {
                    throw new AssertionError("nothing here is large");
                }
            });
            assertThat(left).isEmpty();
            for (var e : contents.entrySet()) {
                byte[] content = e.getValue();
                KeywordEvents known = events.get(e.getKey());
                if (known == null) continue;
                withEvents++;
                assertThat(known.pairs()).as("seed %d blob %s", seed, pass.idAt(e.getKey()).name())
                        .isEqualTo(detector.keywordEvents(content, content.length).pairs());
                Detector.Examined fast = detector.examine(content, content.length, r -> true, known);
                Detector.Examined full = detector.examine(content, content.length, r -> true);
                assertThat(fast).as("seed %d blob %s", seed, pass.idAt(e.getKey()).name()).isEqualTo(full);
                if (!full.hits().isEmpty()) deltasCompared++;
            }
            repo.close();
        }
        assertThat(withEvents).as("blobs whose occurrences came from the pack pass").isGreaterThan(300);
        assertThat(deltasCompared).as("of those, blobs with findings").isGreaterThan(50);
    }

    @Test
    void aSweepOfTheRandomHistoryPackedFindsWhatItFindsLoose() throws Exception {
        for (long seed = 7; seed <= 9; seed++) {
            Repository repo = randomHistory(dir.resolve("sweep" + seed + ".git"), seed);
            ScanResult loose = new HistoryScanner(RuleSet.defaults()).scan(repo, ScanRequest.full("r"), ScanProgress.NONE);
            new GC((FileRepository) repo).gc().get();
            assertThat(((ObjectDirectory) repo.getObjectDatabase()).getPacks()).isNotEmpty();
            ScanResult packed = new HistoryScanner(RuleSet.defaults()).scan(repo, ScanRequest.full("r"), ScanProgress.NONE);
            assertThat(loose.findings()).as("seed %d", seed).isNotEmpty();
            assertThat(packed.findings()).as("seed %d", seed).hasSameSizeAs(loose.findings());
            for (int i = 0; i < loose.findings().size(); i++) {
                assertThat(packed.findings().get(i).fingerprint()).isEqualTo(loose.findings().get(i).fingerprint());
                assertThat(packed.findings().get(i).occurrences()).isEqualTo(loose.findings().get(i).occurrences());
            }
            repo.close();
        }
    }
}
