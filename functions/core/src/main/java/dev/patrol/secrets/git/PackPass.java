package dev.patrol.secrets.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.KeywordEvents;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.BinaryDelta;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Reads blobs of one pack file in a single pass in offset order: each object
 * inflated once, each delta applied once to a base kept in memory only until
 * its last delta is done. JGit's general reader resolves every delta chain from
 * a small cache instead, which on a full sweep means inflating bases again and
 * again.
 *
 * <p>Objects are known by their ordinal (rank by offset), and what the pass
 * knows of them sits in arrays, a few bytes per object whatever the pack's size.
 * What it cannot read it hands back: blobs whose base lies elsewhere (a thin
 * pack's base, a base at a later offset, a base dropped because the kept bases
 * reached {@code maxKeptBytes}); the caller reads those through JGit.
 *
 * <p>Given a detector, the pass also hands on each blob's keyword occurrences
 * ({@link KeywordEvents}): a delta's are made from its base's and the delta's
 * copy instructions, so the keyword pass reads only what the delta inserted.
 */
final class PackPass {

    /** Receives each blob read, by its offset in the pack; called on the pass's thread, in pack order. */
    interface Sink {
        void blob(long offset, byte[] content, KeywordEvents events) throws InterruptedException;

        /** The blob at {@code offset} is over the size limit; it was not inflated. */
        void tooLarge(long offset);
    }

    private static final int OBJ_OFS_DELTA = 6;
    private static final int OBJ_REF_DELTA = 7;
    private static final int NO_BASE = -1;
    /** A delta whose base this pass cannot have: in another pack, or after the delta. */
    private static final int BASE_OUT_OF_REACH = -2;

    private final Pack pack;
    private final PackIndex index;
    private final long maxBlobBytes;
    private final long maxKeptBytes;
    /** Every object's offset, ascending, and its position in the index (for its id). */
    private final long[] offsets;
    private final int[] positions;
    /** Object headers by ordinal, read on demand: type (-1 until read), inflated size, header length, base ordinal. */
    private final byte[] type;
    private final long[] size;
    private final byte[] dataStart;
    private final int[] base;
    private final ByteBuffer headerBuffer = ByteBuffer.allocate(32);
    /** Makes keyword occurrences; null: none are made, and every blob gets a full keyword pass later. */
    private final Detector detector;
    /** Copy instructions of the delta being applied: (target start, base start, length) triples. */
    private int[] copies = new int[96];
    private int copyCount;

    PackPass(Pack pack, long maxBlobBytes, long maxKeptBytes) throws IOException {
        this(pack, maxBlobBytes, maxKeptBytes, null);
    }

    PackPass(Pack pack, long maxBlobBytes, long maxKeptBytes, Detector detector) throws IOException {
        this.pack = pack;
        this.detector = detector;
        this.index = pack.getIndex();
        this.maxBlobBytes = maxBlobBytes;
        this.maxKeptBytes = maxKeptBytes;
        int n = (int) index.getObjectCount();
        offsets = new long[n];
        positions = new int[n];
        long[] keyed = new long[n];
        long largest = 0;
        for (int i = 0; i < n; i++) largest = Math.max(largest, keyed[i] = index.getOffset(i));
        if (largest < 1L << 39 && n < 1 << 24) {
            // One long per object, offset above position: a primitive sort, no boxing (any pack up to 512 GB).
            for (int i = 0; i < n; i++) keyed[i] = keyed[i] << 24 | i;
            Arrays.sort(keyed);
            for (int i = 0; i < n; i++) {
                positions[i] = (int) (keyed[i] & ((1 << 24) - 1));
                offsets[i] = keyed[i] >>> 24;
            }
        } else {
            Integer[] byOffset = new Integer[n];
            for (int i = 0; i < n; i++) byOffset[i] = i;
            Arrays.sort(byOffset, (a, b) -> Long.compare(keyed[a], keyed[b]));
            for (int i = 0; i < n; i++) {
                positions[i] = byOffset[i];
                offsets[i] = keyed[byOffset[i]];
            }
        }
        type = new byte[n];
        Arrays.fill(type, (byte) -1);
        size = new long[n];
        dataStart = new byte[n];
        base = new int[n];
    }

    /** Where an object sits in this pack, or -1. */
    long offsetOf(AnyObjectId id) {
        return index.findOffset(id);
    }

    /** The object's rank by offset in this pack: a dense index for bit sets and arrays. */
    int ordinal(long offset) {
        return Arrays.binarySearch(offsets, offset);
    }

    ObjectId idAt(long offset) {
        return index.getObjectId(positions[ordinal(offset)]);
    }

    /**
     * The JDK makes a mapped buffer by reflection, and its first one builds that constructor's method
     * handles (10-20 ms of a fresh JVM, at the start of the pack pass, which is a sweep's longest path):
     * an empty mapping of any file does it beforehand, on a warm-up thread.
     */
    static void warmUp() {
        try (FileChannel any = FileChannel.open(Path.of(System.getProperty("java.home"), "release"), StandardOpenOption.READ)) {
            any.map(FileChannel.MapMode.READ_ONLY, 0, 0);
        } catch (IOException | RuntimeException e) {
            // a warm-up only: the pass maps its pack all the same
        }
    }

    private PackBytes open() throws IOException {
        return new PackBytes(FileChannel.open(pack.getPackFile().toPath(), StandardOpenOption.READ));
    }

    /**
     * The pack file's bytes: mapped into memory when one mapping can hold it, so
     * that reading an object's header or data is no system call (two per object
     * otherwise: a tenth of a pass); read through the channel when it is larger.
     * The mapping is the operating system's page cache, not heap.
     */
    private static final class PackBytes implements AutoCloseable {
        final FileChannel channel;
        final java.nio.MappedByteBuffer map;

        PackBytes(FileChannel channel) throws IOException {
            this.channel = channel;
            long size = channel.size();
            this.map = size <= Integer.MAX_VALUE ? channel.map(FileChannel.MapMode.READ_ONLY, 0, size) : null;
        }

        long size() throws IOException {
            return channel.size();
        }

        /** Up to {@code dst.remaining()} bytes at {@code at}. */
        void read(ByteBuffer dst, long at) throws IOException {
            if (map == null) {
                channel.read(dst, at);
                return;
            }
            int n = (int) Math.min(dst.remaining(), map.capacity() - at);
            map.get((int) at, dst.array(), dst.arrayOffset() + dst.position(), n);
            dst.position(dst.position() + n);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Offsets of every blob in the pack, deltas included: an object is a blob
     * when the non-delta object at the root of its chain is. Reads only headers.
     */
    long[] blobOffsets() throws IOException {
        int n = offsets.length;
        byte[] rootType = new byte[n]; // 0 while unknown; -1 for a chain this pass cannot follow
        int[] chain = new int[64];
        List<Long> out = new ArrayList<>();
        try (PackBytes ch = open()) {
            for (int o = 0; o < n; o++) {
                int len = 0;
                int at = o;
                byte root = 0;
                while (root == 0) {
                    root = rootType[at];
                    if (root != 0) break;
                    header(ch, at);
                    if (len == chain.length) chain = Arrays.copyOf(chain, len * 2);
                    chain[len++] = at;
                    if (base[at] == BASE_OUT_OF_REACH) root = -1;
                    else if (base[at] == NO_BASE) root = type[at];
                    else at = base[at];
                }
                for (int i = 0; i < len; i++) rootType[chain[i]] = root;
                if (root == Constants.OBJ_BLOB) out.add(offsets[o]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Reads the blobs at {@code targets} (offsets in this pack) and returns the offsets it could not. */
    List<Long> read(long[] targets, Sink sink) throws IOException, InterruptedException {
        int n = offsets.length;
        try (PackBytes ch = open()) {
            long packEnd = ch.size() - 20; // the trailing checksum
            BitSet wanted = new BitSet(n);
            BitSet needed = new BitSet(n);
            int[] uses = new int[n]; // how many needed deltas still want each object as base
            for (long t : targets) {
                int o = ordinal(t);
                wanted.set(o);
                while (o >= 0 && !needed.get(o)) {
                    needed.set(o);
                    header(ch, o);
                    if (base[o] >= 0) uses[base[o]]++;
                    o = base[o];
                }
            }
            Map<Integer, Content> kept = new HashMap<>();
            long keptBytes = 0;
            List<Long> left = new ArrayList<>();
            int[] order = needed.stream().toArray();
            // Whether an object is a base is known before the pass: its deltas all come after it.
            boolean[] isBaseAt = new boolean[order.length];
            for (int s = 0; s < order.length; s++) isBaseAt[s] = uses[order[s]] > 0;
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024); // the inflating thread's, when the pack is not mapped
            try (InflateAhead ahead = new InflateAhead(order.length, (s, inflater) -> {
                int o = order[s];
                return inflates(o, isBaseAt[s]) ? inflate(ch, o, o + 1 < n ? offsets[o + 1] : packEnd, inflater, buf) : null;
            })) {
                for (int s = 0; s < order.length; s++) {
                    int o = order[s];
                    boolean isBase = isBaseAt[s];
                    Content c = resolve(o, ahead.next(), kept, isBase);
                    if (base[o] >= 0 && --uses[base[o]] == 0) {
                        Content gone = kept.remove(base[o]);
                        if (gone != null) keptBytes -= gone.bytes().length;
                    }
                    if (c != null && c.bytes() != null && isBase && keptBytes + c.bytes().length <= maxKeptBytes) {
                        kept.put(o, c);
                        keptBytes += c.bytes().length;
                    }
                    if (!wanted.get(o)) continue;
                    if (c != null && (c.tooLarge() || c.bytes().length > maxBlobBytes)) {
                        // (inflated anyway only when it is also the base of a smaller blob)
                        sink.tooLarge(offsets[o]);
                    } else if (c == null || c.bytes() == null || c.type() != Constants.OBJ_BLOB) {
                        left.add(offsets[o]);
                    } else {
                        sink.blob(offsets[o], c.bytes(), c.events());
                    }
                }
            }
            return left;
        }
    }

    /** An object's content and type; {@code tooLarge} when it was not inflated for its size. */
    private record Content(byte[] bytes, int type, boolean tooLarge, KeywordEvents events) {}

    /** The size over which an object is not inflated: a base may be larger than a blob the sink takes. */
    private long limit(boolean isBase) {
        return isBase ? Math.max(maxBlobBytes, maxKeptBytes) : maxBlobBytes;
    }

    /**
     * Whether {@link #resolve} wants the object inflated: not when its base is out of reach, nor when
     * its header says it is over the size limit. A delta is inflated even when its base turns out not
     * to be kept (rare: the kept bases over their bound); it is then read through JGit.
     */
    private boolean inflates(int o, boolean isBase) {
        if (base[o] == BASE_OUT_OF_REACH) return false;
        return base[o] != NO_BASE || size[o] <= limit(isBase);
    }

    /**
     * Applies an object's delta to its kept base; {@code inflated} is what {@link InflateAhead} made of
     * the object (its bytes, a delta's the delta, as {@link #inflates} decided). Null when this pass cannot (its base is out of
     * reach or was not kept). Sizes are checked from headers first, so an object over the limit is
     * never inflated.
     */
    private Content resolve(int o, Object inflated, Map<Integer, Content> kept, boolean isBase) throws IOException {
        long limit = limit(isBase);
        if (base[o] == BASE_OUT_OF_REACH) return null;
        if (base[o] == NO_BASE) {
            if (size[o] > limit) return new Content(null, type[o], true, null);
            byte[] bytes = InflateAhead.bytes(inflated);
            // Only a base's are made here, on the pass's one thread; the workers scan the rest.
            KeywordEvents events = isBase && detector != null && type[o] == Constants.OBJ_BLOB ? detector.keywordEvents(bytes, bytes.length) : null;
            return new Content(bytes, type[o], false, events);
        }
        Content b = kept.get(base[o]);
        if (b == null) return null;
        byte[] delta = InflateAhead.bytes(inflated);
        if (BinaryDelta.getResultSize(delta) > limit) return new Content(null, b.type(), true, null);
        if (detector == null || b.type() != Constants.OBJ_BLOB) return new Content(BinaryDelta.apply(b.bytes(), delta), b.type(), false, null);
        byte[] bytes;
        try {
            bytes = apply(b.bytes(), delta, offsets[o]);
        } catch (ArrayIndexOutOfBoundsException e) { // an instruction cut short
            throw corruptDelta(offsets[o]);
        }
        KeywordEvents events = b.events() != null
                ? detector.keywordEvents(bytes, bytes.length, b.events(), copies, copyCount)
                : isBase ? detector.keywordEvents(bytes, bytes.length) : null;
        return new Content(bytes, b.type(), false, events);
    }

    /**
     * Applies a git delta to its base (JGit's {@code BinaryDelta.apply}, which
     * keeps no record), noting each copy instruction in {@link #copies}; copies
     * that continue one another in both base and result are noted as one.
     */
    private byte[] apply(byte[] baseBytes, byte[] delta, long at) throws IOException {
        int p = 0;
        long baseLen = 0;
        int shift = 0;
        int c;
        do {
            c = delta[p++] & 0xff;
            baseLen |= (long) (c & 0x7f) << shift;
            shift += 7;
        } while ((c & 0x80) != 0);
        long resultLen = 0;
        shift = 0;
        do {
            c = delta[p++] & 0xff;
            resultLen |= (long) (c & 0x7f) << shift;
            shift += 7;
        } while ((c & 0x80) != 0);
        if (baseLen != baseBytes.length || resultLen > Integer.MAX_VALUE) throw corruptDelta(at);
        byte[] result = new byte[(int) resultLen];
        int r = 0;
        copyCount = 0;
        while (p < delta.length) {
            int cmd = delta[p++] & 0xff;
            if ((cmd & 0x80) != 0) {
                long from = 0;
                if ((cmd & 0x01) != 0) from = delta[p++] & 0xff;
                if ((cmd & 0x02) != 0) from |= (delta[p++] & 0xff) << 8;
                if ((cmd & 0x04) != 0) from |= (delta[p++] & 0xff) << 16;
                if ((cmd & 0x08) != 0) from |= (long) (delta[p++] & 0xff) << 24;
                int len = 0;
                if ((cmd & 0x10) != 0) len = delta[p++] & 0xff;
                if ((cmd & 0x20) != 0) len |= (delta[p++] & 0xff) << 8;
                if ((cmd & 0x40) != 0) len |= (delta[p++] & 0xff) << 16;
                if (len == 0) len = 0x10000;
                if (from + len > baseBytes.length || r + len > result.length) throw corruptDelta(at);
                System.arraycopy(baseBytes, (int) from, result, r, len);
                int last = 3 * (copyCount - 1);
                if (copyCount > 0 && copies[last] + copies[last + 2] == r && copies[last + 1] + copies[last + 2] == from) {
                    copies[last + 2] += len;
                } else {
                    if (3 * copyCount == copies.length) copies = Arrays.copyOf(copies, copies.length * 2);
                    copies[3 * copyCount] = r;
                    copies[3 * copyCount + 1] = (int) from;
                    copies[3 * copyCount + 2] = len;
                    copyCount++;
                }
                r += len;
            } else if (cmd != 0) {
                if (p + cmd > delta.length || r + cmd > result.length) throw corruptDelta(at);
                System.arraycopy(delta, p, result, r, cmd);
                p += cmd;
                r += cmd;
            } else {
                throw corruptDelta(at);
            }
        }
        if (r != result.length) throw corruptDelta(at);
        return result;
    }

    private static IOException corruptDelta(long at) {
        return new IOException("corrupt delta at offset " + at);
    }

    /** Reads the header of object {@code o} into the arrays, once. */
    private void header(PackBytes ch, int o) throws IOException {
        if (type[o] != -1) return;
        long at = offsets[o];
        headerBuffer.clear();
        ch.read(headerBuffer, at);
        byte[] h = headerBuffer.array();
        int p = 0;
        int c = h[p++] & 0xff;
        int t = (c >> 4) & 7;
        long s = c & 15;
        int shift = 4;
        while ((c & 0x80) != 0) {
            c = h[p++] & 0xff;
            s += (long) (c & 0x7f) << shift;
            shift += 7;
        }
        int b = NO_BASE;
        if (t == OBJ_OFS_DELTA) {
            c = h[p++] & 0xff;
            long ofs = c & 127;
            while ((c & 128) != 0) {
                ofs += 1;
                c = h[p++] & 0xff;
                ofs <<= 7;
                ofs += c & 127;
            }
            int ord = ordinal(at - ofs);
            b = ord >= 0 ? ord : BASE_OUT_OF_REACH;
        } else if (t == OBJ_REF_DELTA) {
            long baseOffset = index.findOffset(ObjectId.fromRaw(h, p));
            p += 20;
            int ord = baseOffset < 0 ? -1 : ordinal(baseOffset);
            b = ord >= 0 && ord < o ? ord : BASE_OUT_OF_REACH;
        }
        type[o] = (byte) t;
        size[o] = s;
        dataStart[o] = (byte) p;
        base[o] = b;
    }

    private byte[] inflate(PackBytes ch, int o, long end, Inflater inflater, ByteBuffer buf) throws IOException {
        if (size[o] > Integer.MAX_VALUE - 16) throw new IOException("object too large to inflate at offset " + offsets[o]);
        byte[] out = new byte[(int) size[o]];
        inflater.reset();
        long pos = offsets[o] + dataStart[o];
        int produced = 0;
        if (ch.map != null && end > pos) inflater.setInput(ch.map.slice((int) pos, (int) (end - pos)));
        try {
            while (!inflater.finished()) {
                if (ch.map != null && inflater.needsInput()) throw new IOException("truncated object at offset " + offsets[o]);
                if (inflater.needsInput()) {
                    if (pos >= end) throw new IOException("truncated object at offset " + offsets[o]);
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), end - pos));
                    int n = ch.channel.read(buf, pos);
                    if (n <= 0) throw new IOException("truncated pack at offset " + pos);
                    pos += n;
                    inflater.setInput(buf.array(), 0, n);
                }
                int got = inflater.inflate(out, produced, out.length - produced);
                produced += got;
                if (got == 0 && produced == out.length && !inflater.finished() && !inflater.needsInput()) break;
            }
        } catch (DataFormatException e) {
            throw new IOException("corrupt object at offset " + offsets[o], e);
        }
        if (produced != out.length) {
            throw new IOException("object at offset " + offsets[o] + " inflated to " + produced + " of " + out.length + " bytes");
        }
        return out;
    }
}
