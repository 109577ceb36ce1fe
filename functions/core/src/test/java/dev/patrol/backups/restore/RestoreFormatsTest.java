package dev.patrol.backups.restore;

import static dev.patrol.backups.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreFormatsTest {

    private static RestoreOutcome restore(String name, byte[] bytes) throws Exception {
        return restore(name, bytes, RestoreFormat.AUTO, RestoreLimits.DEFAULT);
    }

    private static RestoreOutcome restore(String name, byte[] bytes, RestoreFormat format, RestoreLimits limits) throws Exception {
        Counting in = new Counting(new ByteArrayInputStream(bytes));
        return new RestoreTest(limits).run(in, RestorePlan.of(format, name), () -> in.count);
    }

    @Test
    void plansFollowTheNameForAuto() {
        assertThat(RestorePlan.of(RestoreFormat.AUTO, "a.tar.gz").describe()).isEqualTo("gzip + tar");
        assertThat(RestorePlan.of(RestoreFormat.AUTO, "a.tgz").describe()).isEqualTo("gzip + tar");
        assertThat(RestorePlan.of(RestoreFormat.AUTO, "a.csv.zst").describe()).isEqualTo("zstd + csv");
        assertThat(RestorePlan.of(RestoreFormat.AUTO, "a.bin").describe()).isEqualTo("none");
        assertThat(RestorePlan.of(RestoreFormat.CSV, "export.txt.gz").describe()).isEqualTo("gzip + csv");
        assertThat(RestorePlan.of(RestoreFormat.GZIP, "dump").describe()).isEqualTo("gzip");
        assertThat(RestorePlan.of(RestoreFormat.NONE, "a.csv.gz").describe()).isEqualTo("none");
    }

    @Test
    void healthyGzipCsvReadsEveryRow() throws Exception {
        RestoreOutcome r = restore("pipeline.csv.gz", gzip(csv(500)));
        assertThat(r.ok()).isTrue();
        assertThat(r.facts()).containsEntry("rows", 500L).containsEntry("columns", 4);
    }

    @Test
    void gzipTruncatedMidStreamIsTruncated() throws Exception {
        RestoreOutcome r = restore("pipeline.csv.gz", truncate(gzip(csv(5000)), 0.6));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("truncated");
    }

    @Test
    void gzipWithAFlippedByteIsCorrupt() throws Exception {
        RestoreOutcome r = restore("data.bin.gz", flipByte(gzip(csv(5000))));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).containsAnyOf("corrupt", "does not read");
    }

    @Test
    void notGzipAtAllSaysSo() throws Exception {
        RestoreOutcome r = restore("pipeline.csv.gz", csv(3));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("not gzip");
    }

    @Test
    void zstdEndsCleanlyOrIsTruncated() throws Exception {
        assertThat(restore("db.sql.zst", zstd(pgDump(true))).ok()).isTrue();
        RestoreOutcome cut = restore("db.json.zst", truncate(zstd("[1,2,3]".repeat(100_000).replace("][", ",").getBytes()), 0.5));
        assertThat(cut.ok()).isFalse();
    }

    @Test
    void tarListsAndReadsEveryEntry() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("deals/pipeline.csv", csv(100));
        entries.put("deals/notes.txt", "hello".getBytes());
        RestoreOutcome r = restore("site.tar.gz", gzip(tar(entries)));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.facts()).containsEntry("entries", 2L).containsEntry("files", 2L);
    }

    @Test
    void tarWithDotDotPathsFailsWithoutExtractingAnything() throws Exception {
        RestoreOutcome r = restore("evil.tar", tar(Map.of("../../etc/cron.d/evil", "x".getBytes())));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("../../etc/cron.d/evil").contains("outside the restore folder");
        assertThat(restore("abs.tar", tar(Map.of("/etc/passwd", "x".getBytes()))).message()).contains("outside");
    }

    @Test
    void tarCutAtAnEntryBoundaryHasNoEndBlocks() throws Exception {
        byte[] whole = tar(Map.of("a.csv", csv(10), "b.csv", csv(10)));
        byte[] firstEntryOnly = java.util.Arrays.copyOf(whole, 512 + ((csv(10).length + 511) / 512) * 512);
        RestoreOutcome r = restore("cut.tar", firstEntryOnly);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("cut short");
        assertThat(restore("mid.tar", truncate(whole, 0.5)).ok()).isFalse();
    }

    @Test
    void zipReadsEveryEntryAndChecksItsCrc() throws Exception {
        RestoreOutcome r = restore("export.zip", zip(Map.of("a.csv", csv(50), "b.json", "{}".getBytes())));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.facts()).containsEntry("entries", 2L);
    }

    @Test
    void zipBombStopsEarlyWithAClearReason() throws Exception {
        byte[] bomb = zipBomb(80);
        long start = System.nanoTime();
        RestoreOutcome r = restore("bomb.zip", bomb);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("decompression bomb");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20)); // bounded, not a benchmark
    }

    @Test
    void gzipBombStopsEarly() throws Exception {
        RestoreOutcome r = restore("bomb.csv.gz", gzipBomb(64));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("decompression bomb");
    }

    @Test
    void zipWithoutCentralDirectoryIsCutShort() throws Exception {
        byte[] whole = zip(Map.of("a.csv", csv(2000)));
        RestoreOutcome r = restore("cut.zip", java.util.Arrays.copyOf(whole, whole.length - 40));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("cut short");
        assertThat(restore("mid.zip", truncate(whole, 0.5)).ok()).isFalse();
    }

    @Test
    void zipWithDotDotEntryFails() throws Exception {
        RestoreOutcome r = restore("slip.zip", zip(Map.of("../../evil.sh", "x".getBytes())));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("outside the restore folder");
    }

    @Test
    void csvWithABrokenQuoteNamesTheLine() throws Exception {
        String broken = "id,name,amount\n1,\"Acme,100\n2,Beta,200\n3,Gamma,300\n";
        RestoreOutcome r = restore("deals.csv", broken.getBytes(StandardCharsets.UTF_8));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("line 2").contains("never closes");
    }

    @Test
    void csvWithTextAfterAClosingQuoteOrABareQuoteFails() throws Exception {
        assertThat(restore("a.csv", "a,b\n\"x\"y,z\n".getBytes()).message()).contains("after the closing quote");
        assertThat(restore("b.csv", "a,b\n5\" screen,z\n".getBytes()).message()).contains("quote inside an unquoted field");
    }

    @Test
    void csvRowWithTooFewFieldsIsACutOffRow() throws Exception {
        RestoreOutcome r = restore("a.csv", "id,name,amount\n1,a,10\n2,b".getBytes());
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("line 3 has 2 fields but the header has 3");
    }

    @Test
    void csvHeaderOnlyOrEmptyFails() throws Exception {
        assertThat(restore("a.csv", "id,name\n".getBytes()).message()).contains("no rows");
        assertThat(restore("a.csv", new byte[0]).message()).contains("empty");
    }

    @Test
    void csvAcceptsQuotedNewlinesEscapedQuotesAndCrlf() throws Exception {
        String ok = "id,note\r\n1,\"two\nlines\"\r\n2,\"say \"\"hi\"\"\"\r\n3,plain\r\n";
        RestoreOutcome r = restore("a.csv", ok.getBytes());
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.facts()).containsEntry("rows", 3L);
    }

    @Test
    void jsonParsesStreamingAndFailsWithItsPosition() throws Exception {
        assertThat(restore("a.json", "{\"deals\":[1,2,3]}".getBytes()).ok()).isTrue();
        RestoreOutcome lines = restore("a.jsonl", "{\"a\":1}\n{\"a\":2}\n".getBytes());
        assertThat(lines.facts()).containsEntry("values", 2L);
        RestoreOutcome cut = restore("a.json", "{\"deals\":[1,2,".getBytes());
        assertThat(cut.ok()).isFalse();
        assertThat(cut.message()).contains("JSON is not valid at line 1");
        assertThat(restore("deep.json", "[".repeat(100_000).getBytes()).ok()).isFalse();
        // A JSON line that breaks off is named by its own line, not by the next one, where the parser notices
        RestoreOutcome broken = restore("events.jsonl", "{\"a\":1}\n{\"a\":2,\n{\"a\":3}\n".getBytes());
        assertThat(broken.message()).contains("JSON is not valid at line 2: the value that starts there does not end").contains("line 3, column 1");
        assertThat(restore("pretty.json", "{\n  \"a\": [\n    1,\n".getBytes()).message()).contains("JSON is not valid at line 4");
    }

    @Test
    void pgDumpNeedsItsHeaderAndCompleteFooter() throws Exception {
        assertThat(restore("db.sql", pgDump(true)).ok()).isTrue();
        RestoreOutcome cut = restore("db.sql.gz", gzip(pgDump(false)));
        assertThat(cut.ok()).isFalse();
        assertThat(cut.message()).contains("dump complete");
        assertThat(restore("db.sql", "hello".getBytes()).message()).contains("does not start like a pg_dump");
        // Eight bytes of a custom-format header are not a dump: it stops inside its header.
        RestoreOutcome custom = restore("db.dump", "PGDMP\u0001\u000e\u0000".getBytes(), RestoreFormat.PGDUMP, RestoreLimits.DEFAULT);
        assertThat(custom.ok()).isFalse();
        assertThat(custom.message()).contains("stops inside its header");
    }

    @Test
    void gitBundleVerifiesAndListsRefs(@TempDir Path dir) throws Exception {
        byte[] bundle = gitBundle(gitRepository(dir.resolve("repo")));
        RestoreOutcome r = restore("repo.bundle", bundle);
        assertThat(r.ok()).as(r.message()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, String> refs = (Map<String, String>) r.facts().get("refs");
        assertThat(refs).containsKeys("refs/heads/main", "refs/tags/v1");
        assertThat(restore("repo.bundle", truncate(bundle, 0.7)).ok()).isFalse();
        assertThat(restore("repo.bundle", "not a bundle".getBytes()).ok()).isFalse();
    }

    @Test
    void aRestoreTestOutOfTimeIsInconclusiveNotBroken() throws Exception {
        RestoreLimits quick = new RestoreLimits(1e9, Long.MAX_VALUE, Long.MAX_VALUE, 1000, Duration.ZERO);
        RestoreOutcome r = restore("big.csv.gz", gzip(csv(300_000)), RestoreFormat.AUTO, quick);
        assertThat(r.ok()).isFalse();
        assertThat(r.inconclusive()).isTrue();
    }

    /** Counts the bytes read, as the verifier's metered stream does. */
    static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
