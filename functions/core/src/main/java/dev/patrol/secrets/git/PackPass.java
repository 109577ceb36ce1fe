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

    /** Receives each blob read; called on the pass's thread, in pack order. */
    interface Sink {
        void blob(Introductions.Blob blob, byte[] content) throws InterruptedException;

        /** The blob is over the size limit; it was not inflated. */
        void tooLarge(Introductions.Blob blob);
    }

    private static final int OBJ_OFS_DELTA = 6;
    private static final int OBJ_REF_DELTA = 7;

    private final Pack pack;
    private final long maxBlobBytes;
    private final long maxKeptBytes;

    PackPass(Pack pack, long maxBlobBytes, long maxKeptBytes) {
        this.pack = pack;
        this.maxBlobBytes = maxBlobBytes;
        this.maxKeptBytes = maxKeptBytes;
    }

    /** One object's header: where its data starts, its type and inflated size, and where its base is (or -1). */
    private record Header(long offset, int dataStart, int type, long size, long base) {}

    /** Reads {@code wanted} (all in this pack) and returns those it could not. */
    List<Introductions.Blob> read(List<Introductions.Blob> wanted, Sink sink) throws IOException, InterruptedException {
        PackIndex index = pack.getIndex();
        long[] offsets = new long[(int) index.getObjectCount()];
        for (int i = 0; i < offsets.length; i++) offsets[i] = index.getOffset(i);
        Arrays.sort(offsets);
        try (FileChannel ch = FileChannel.open(pack.getPackFile().toPath(), StandardOpenOption.READ)) {
            long packEnd = ch.size() - 20; // the trailing checksum
            Map<Long, Introductions.Blob> wantedAt = new HashMap<>();
            for (Introductions.Blob b : wanted) wantedAt.put(index.findOffset(b), b);
            // Every object a wanted blob needs, and how many needed deltas use each as base.
            Map<Long, Header> needed = new HashMap<>();
            Map<Long, Integer> uses = new HashMap<>();
            for (long at : wantedAt.keySet()) {
                long o = at;
                while (o >= 0 && !needed.containsKey(o)) {
                    Header h = header(ch, o, index);
                    needed.put(o, h);
                    if (h.base() >= 0) uses.merge(h.base(), 1, Integer::sum);
                    o = h.base();
                }
            }
            long[] order = needed.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            Map<Long, Content> kept = new HashMap<>();
            long keptBytes = 0;
            List<Introductions.Blob> left = new ArrayList<>();
            Inflater inflater = new Inflater();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                for (long o : order) {
                    Header h = needed.get(o);
                    Introductions.Blob wantedBlob = wantedAt.get(o);
                    boolean isBase = uses.getOrDefault(o, 0) > 0;
                    Content c = resolve(ch, h, next(offsets, o, packEnd), kept, isBase, inflater, buf);
                    if (h.base() >= 0) keptBytes -= release(h.base(), uses, kept);
                    if (c != null && c.bytes() != null && isBase && keptBytes + c.bytes().length <= maxKeptBytes) {
                        kept.put(o, c);
                        keptBytes += c.bytes().length;
                    }
                    if (wantedBlob == null) continue;
                    if (c != null && c.tooLarge()) {
                        sink.tooLarge(wantedBlob);
                    } else if (c == null || c.bytes() == null || c.type() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
                        left.add(wantedBlob);
                    } else {
                        sink.blob(wantedBlob, c.bytes());
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

    private static long next(long[] offsets, long o, long packEnd) {
        int i = Arrays.binarySearch(offsets, o);
        return i + 1 < offsets.length ? offsets[i + 1] : packEnd;
    }

    private static Header header(FileChannel ch, long o, PackIndex index) throws IOException {
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
