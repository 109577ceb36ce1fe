package dev.patrol.backups.integrity;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes every expected checksum of one object in a single pass over its bytes.
 * Expectations of the same kind share one computation (a sidecar and a manifest both
 * saying SHA-256 cost one SHA-256). S3's composite SHA-256 is skipped when a
 * whole-object SHA-256 is also expected: it would double the hashing for nothing.
 */
public final class ChecksumSet {

    /** The outcome for one expectation. */
    public record Verdict(ExpectedChecksum expected, byte[] actual, String skipped) {
        public boolean ok() {
            return skipped != null || expected.matches(actual);
        }

        public String actualHex() {
            return actual == null ? "" : HexFormat.of().formatHex(actual);
        }
    }

    private record Key(ChecksumAlgorithm algorithm, int parts) {}

    private final Map<Key, List<ExpectedChecksum>> groups = new LinkedHashMap<>();
    private final Map<Key, Computation> computations = new LinkedHashMap<>();
    private final List<Verdict> skipped = new ArrayList<>();

    /** {@code partSize}: the part length of multipart objects (0 when unknown: composites are then skipped). */
    public ChecksumSet(List<ExpectedChecksum> expected, long partSize) {
        boolean wholeSha256 = expected.stream().anyMatch(e -> e.algorithm() == ChecksumAlgorithm.SHA256 && !e.composite());
        for (ExpectedChecksum e : expected) {
            if (e.composite() && partSize <= 0) {
                skipped.add(new Verdict(e, null, "part size unknown"));
            } else if (e.composite() && e.algorithm() == ChecksumAlgorithm.SHA256 && wholeSha256) {
                skipped.add(new Verdict(e, null, "covered by the whole-object SHA-256"));
            } else {
                Key key = new Key(e.algorithm(), e.parts());
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
                computations.computeIfAbsent(key, k -> k.parts == 0
                        ? new Whole(k.algorithm.newHasher()) : new Composite(k.algorithm, partSize));
            }
        }
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    public void update(byte[] b, int off, int len) {
        for (Computation c : computations.values()) c.update(b, off, len);
    }

    /** Every expectation with what was computed; call once, after the last byte. */
    public List<Verdict> verdicts() {
        List<Verdict> out = new ArrayList<>();
        groups.forEach((key, expectations) -> {
            byte[] actual = computations.get(key).finish();
            for (ExpectedChecksum e : expectations) out.add(new Verdict(e, actual, null));
        });
        out.addAll(skipped);
        return out;
    }

    private interface Computation {
        void update(byte[] b, int off, int len);

        byte[] finish();
    }

    private record Whole(ChecksumAlgorithm.Hasher hasher) implements Computation {
        @Override
        public void update(byte[] b, int off, int len) {
            hasher.update(b, off, len);
        }

        @Override
        public byte[] finish() {
            return hasher.finish();
        }
    }

    /** S3's composite: the checksum of the concatenated checksums of each part. */
    private static final class Composite implements Computation {
        private final ChecksumAlgorithm.Hasher part;
        private final ChecksumAlgorithm.Hasher outer;
        private final long partSize;
        private long inPart;

        Composite(ChecksumAlgorithm algorithm, long partSize) {
            this.part = algorithm.newHasher();
            this.outer = algorithm.newHasher();
            this.partSize = partSize;
        }

        @Override
        public void update(byte[] b, int off, int len) {
            while (len > 0) {
                int n = (int) Math.min(len, partSize - inPart);
                part.update(b, off, n);
                inPart += n;
                off += n;
                len -= n;
                if (inPart == partSize) endPart();
            }
        }

        private void endPart() {
            byte[] digest = part.finish();
            outer.update(digest, 0, digest.length);
            inPart = 0;
        }

        @Override
        public byte[] finish() {
            if (inPart > 0) endPart();
            return outer.finish();
        }
    }
}
