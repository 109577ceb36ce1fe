package dev.patrol.secrets.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.HistoryBuilder;
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
import org.junit.jupiter.api.Test;
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
                public void blob(long offset, byte[] content) {
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

    @Test
    void aBlobOverTheLimitIsReportedFromItsHeaderAndNotInflated() throws Exception {
        Pack pack = packedHistory();
        PackPass pass = new PackPass(pack, 100, 64L << 20);
        List<Long> large = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        pass.read(pass.blobOffsets(), new PackPass.Sink() {
            @Override
            public void blob(long offset, byte[] content) {
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
}
