package dev.patrol.secrets.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.BinaryDelta;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Reads the wanted blobs of one pack file in a single pass in offset order:
 * each object inflated once, each delta applied once to a base kept in memory
 * only until its last delta is done. JGit's general reader resolves every
 * delta chain from a small cache instead, which on a full sweep means
 * inflating bases again and again.
 *
 * <p>What this pass cannot do it hands back: blobs whose base lies elsewhere
 * (a thin pack's base, a base at a later offset, a base dropped because kept
 * bases passed {@code maxKeptBytes}) are read afterwards through JGit.
 */
final class PackPass {

    /** Receives each blob read, by its offset in the pack; called on the pass's thread, in pack order. */
    interface Sink {
        void blob(long offset, byte[] content) throws InterruptedException;

        /** The blob at {@code offset} is over the size limit; it was not inflated. */
        void tooLarge(long offset);
    }

    private static final int OBJ_OFS_DELTA = 6;
    private static final int OBJ_REF_DELTA = 7;

    private final Pack pack;
    private final PackIndex index;
    private final long maxBlobBytes;
    private final long maxKeptBytes;
    /** Every object's offset, ascending, and its position in the index (for its id). */
    private final long[] offsets;
    private final int[] positions;

    PackPass(Pack pack, long maxBlobBytes, long maxKeptBytes) throws IOException {
        this.pack = pack;
        this.index = pack.getIndex();
        this.maxBlobBytes = maxBlobBytes;
        this.maxKeptBytes = maxKeptBytes;
        int n = (int) index.getObjectCount();
        long[] keyed = new long[n];
        for (int i = 0; i < n; i++) keyed[i] = index.getOffset(i);
        Integer[] byOffset = new Integer[n];
        for (int i = 0; i < n; i++) byOffset[i] = i;
        Arrays.sort(byOffset, (a, b) -> Long.compare(keyed[a], keyed[b]));
        offsets = new long[n];
        positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = byOffset[i];
            offsets[i] = keyed[byOffset[i]];
        }
    }

    /** Where an object sits in this pack, or -1. */
    long offsetOf(org.eclipse.jgit.lib.AnyObjectId id) {
        return index.findOffset(id);
    }

    /** The object's rank by offset in this pack: a dense index for bit sets. */
    int ordinal(long offset) {
        return Arrays.binarySearch(offsets, offset);
    }

    ObjectId idAt(long offset) {
        return index.getObjectId(positions[Arrays.binarySearch(offsets, offset)]);
    }

    /** One object's header: where its data starts, its type and inflated size, and where its base is (-1 none, -2 out of reach). */
    private record Header(long offset, int dataStart, int type, long size, long base) {}

    /**
     * Offsets of every blob in the pack, deltas included: an object is a blob
     * when the non-delta object at the root of its chain is. Reads only headers.
     */
    long[] blobOffsets() throws IOException {
        try (FileChannel ch = open()) {
            Map<Long, Integer> rootType = new HashMap<>();
            List<Long> out = new ArrayList<>();
            List<Long> chain = new ArrayList<>();
            for (long o : offsets) {
                chain.clear();
                long at = o;
                Integer type = null;
                while (type == null) {
                    type = rootType.get(at);
                    if (type != null) break;
                    Header h = header(ch, at);
                    chain.add(at);
                    if (h.base() == -2) type = -1;
                    else if (h.base() == -1) type = h.type();
                    else at = h.base();
                }
                for (long c : chain) rootType.put(c, type);
                if (type == org.eclipse.jgit.lib.Constants.OBJ_BLOB) out.add(o);
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(pack.getPackFile().toPath(), StandardOpenOption.READ);
    }

    /** Reads the blobs at {@code targets} (offsets in this pack) and returns the offsets it could not. */
    List<Long> read(long[] targets, Sink sink) throws IOException, InterruptedException {
        try (FileChannel ch = open()) {
            long packEnd = ch.size() - 20; // the trailing checksum
            java.util.Set<Long> wanted = new java.util.HashSet<>();
            for (long t : targets) wanted.add(t);
            // Every object a wanted blob needs, and how many needed deltas use each as base.
            Map<Long, Header> needed = new HashMap<>();
            Map<Long, Integer> uses = new HashMap<>();
            for (long at : targets) {
                long o = at;
                while (o >= 0 && !needed.containsKey(o)) {
                    Header h = header(ch, o);
                    needed.put(o, h);
                    if (h.base() >= 0) uses.merge(h.base(), 1, Integer::sum);
                    o = h.base();
                }
            }
            long[] order = needed.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            Map<Long, Content> kept = new HashMap<>();
            long keptBytes = 0;
            List<Long> left = new ArrayList<>();
            Inflater inflater = new Inflater();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                for (long o : order) {
                    Header h = needed.get(o);
                    boolean isBase = uses.getOrDefault(o, 0) > 0;
                    Content c = resolve(ch, h, next(o, packEnd), kept, isBase, inflater, buf);
                    if (h.base() >= 0) keptBytes -= release(h.base(), uses, kept);
                    if (c != null && c.bytes() != null && isBase && keptBytes + c.bytes().length <= maxKeptBytes) {
                        kept.put(o, c);
                        keptBytes += c.bytes().length;
                    }
                    if (!wanted.contains(o)) continue;
                    if (c != null && c.tooLarge()) {
                        sink.tooLarge(o);
                    } else if (c == null || c.bytes() == null || c.type() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
                        left.add(o);
                    } else {
                        sink.blob(o, c.bytes());
                    }
                }
            } finally {
                inflater.end();
            }
            return left;
        }
    }

    /** An object's content and type; {@code tooLarge} when it was not inflated for its size. */
    private record Content(byte[] bytes, int type, boolean tooLarge) {}

    /**
     * Inflates one object and applies its delta. Null when this pass cannot
     * (its base is elsewhere or was not kept); sizes are checked from headers
     * first, so an object over the limit is never inflated.
     */
    private Content resolve(FileChannel ch, Header h, long end, Map<Long, Content> kept, boolean isBase,
                            Inflater inflater, ByteBuffer buf) throws IOException {
        long limit = isBase ? Math.max(maxBlobBytes, maxKeptBytes) : maxBlobBytes;
        if (h.base() == -2) return null;
        if (h.base() == -1) {
            if (h.size() > limit) return new Content(null, h.type(), true);
            return new Content(inflate(ch, h, end, inflater, buf), h.type(), false);
        }
        Content base = kept.get(h.base());
        if (base == null) return null;
        byte[] delta = inflate(ch, h, end, inflater, buf);
        if (BinaryDelta.getResultSize(delta) > limit) return new Content(null, base.type(), true);
        return new Content(BinaryDelta.apply(base.bytes(), delta), base.type(), false);
    }

    /** One delta of {@code base} is done; drops the base when it was the last. Returns the bytes freed. */
    private static long release(long base, Map<Long, Integer> uses, Map<Long, Content> kept) {
        if (uses.merge(base, -1, Integer::sum) > 0) return 0;
        Content gone = kept.remove(base);
        return gone == null || gone.bytes() == null ? 0 : gone.bytes().length;
    }

    private long next(long o, long packEnd) {
        int i = Arrays.binarySearch(offsets, o);
        return i + 1 < offsets.length ? offsets[i + 1] : packEnd;
    }

    private Header header(FileChannel ch, long o) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, o);
        byte[] h = b.array();
        int p = 0;
        int c = h[p++] & 0xff;
        int type = (c >> 4) & 7;
        long size = c & 15;
        int shift = 4;
        while ((c & 0x80) != 0) {
            c = h[p++] & 0xff;
            size += (long) (c & 0x7f) << shift;
            shift += 7;
        }
        long base = -1;
        if (type == OBJ_OFS_DELTA) {
            c = h[p++] & 0xff;
            long ofs = c & 127;
            while ((c & 128) != 0) {
                ofs += 1;
                c = h[p++] & 0xff;
                ofs <<= 7;
                ofs += c & 127;
            }
            base = o - ofs;
        } else if (type == OBJ_REF_DELTA) {
            base = index.findOffset(ObjectId.fromRaw(h, p));
            p += 20;
            // A base outside this pack (thin pack) or after the delta cannot be had in one forward pass.
            if (base < 0 || base > o) base = Long.MAX_VALUE;
        }
        return new Header(o, p, type, size, base == Long.MAX_VALUE ? -2 : base);
    }

    private static byte[] inflate(FileChannel ch, Header h, long end, Inflater inflater, ByteBuffer buf) throws IOException {
        if (h.size() > Integer.MAX_VALUE - 16) throw new IOException("object too large to inflate at offset " + h.offset());
        byte[] out = new byte[(int) h.size()];
        inflater.reset();
        long pos = h.offset() + h.dataStart();
        int produced = 0;
        try {
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (pos >= end) throw new IOException("truncated object at offset " + h.offset());
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), end - pos));
                    int n = ch.read(buf, pos);
                    if (n <= 0) throw new IOException("truncated pack at offset " + pos);
                    pos += n;
                    inflater.setInput(buf.array(), 0, n);
                }
                int got = inflater.inflate(out, produced, out.length - produced);
                produced += got;
                if (got == 0 && out.length == produced && !inflater.finished() && !inflater.needsInput()) break;
            }
        } catch (DataFormatException e) {
            throw new IOException("corrupt object at offset " + h.offset(), e);
        }
        if (produced != out.length) throw new IOException("object at offset " + h.offset() + " inflated to " + produced + " of " + out.length + " bytes");
        return out;
    }
}
