package dev.patrol.backups.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void crc64NvmeHasTheStandardCheckValue() {
        Crc64Nvme crc = new Crc64Nvme();
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        crc.update(check, 0, check.length);
        assertThat(crc.getValue()).isEqualTo(0xae8b14860a799888L);
        Crc64Nvme bytewise = new Crc64Nvme();
        for (byte b : check) bytewise.update(b);
        assertThat(bytewise.getValue()).isEqualTo(crc.getValue());
    }

    @Test
    void compositeChecksumIsTheChecksumOfPartChecksums() throws Exception {
        byte[] data = new byte[25];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        outer.update(sha.digest(Arrays.copyOfRange(data, 0, 10)));
        outer.update(sha.digest(Arrays.copyOfRange(data, 10, 20)));
        outer.update(sha.digest(Arrays.copyOfRange(data, 20, 25)));
        String s3Value = Base64.getEncoder().encodeToString(outer.digest()) + "-3";
        List<ExpectedChecksum> expected = ExpectedChecksum.fromStore(Map.of("SHA256", s3Value), "S3");
        ChecksumSet set = new ChecksumSet(expected, 10);
        set.update(data, 0, 7);   // read boundaries need not match part boundaries
        set.update(data, 7, 18);
        assertThat(set.verdicts()).allMatch(ChecksumSet.Verdict::ok);
    }

    @Test
    void oneSha256ServesSidecarAndManifestAndAMismatchIsNamed() throws Exception {
        byte[] data = "backup".getBytes();
        String good = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        ChecksumSet set = new ChecksumSet(List.of(
                ExpectedChecksum.ofHex(ChecksumAlgorithm.SHA256, good, "sidecar a.sha256"),
                ExpectedChecksum.ofHex(ChecksumAlgorithm.SHA256, "00".repeat(32), "manifest a.patrol.json")), 0);
        set.update(data, 0, data.length);
        List<ChecksumSet.Verdict> verdicts = set.verdicts();
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts.get(0).ok()).isTrue();
        assertThat(verdicts.get(1).ok()).isFalse();
    }

    @Test
    void sidecarFormatsOfCommonTools() throws Exception {
        String hex = "ab".repeat(32);
        assertThat(Manifest.parseSidecar(new java.io.ByteArrayInputStream((hex + "  pipeline.csv.gz\n").getBytes()), "x")).isEqualTo(hex);
        assertThat(Manifest.parseSidecar(new java.io.ByteArrayInputStream(("SHA256 (p.gz) = " + hex.toUpperCase()).getBytes()), "x")).isEqualTo(hex);
    }
}
