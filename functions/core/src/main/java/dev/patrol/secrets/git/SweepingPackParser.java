package dev.patrol.secrets.git;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.internal.storage.file.BasePackIndexWriter;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackFile;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.internal.storage.pack.PackIndexWriter;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.transport.PackedObjectInfo;

/**
 * The pack parser of a fresh clone: stores the pack and its index in the clone's
 * object directory as JGit's own file-backed parser does, and shows each blob's
 * content to {@link ClonedBlobs} as JGit's parser produces it, whole or resolved
 * from a delta, so that the sweep after the clone reads no blob again.
 *
 * <p>JGit's {@code ObjectDirectoryPackParser} cannot be extended from outside its
 * package, and the one hook every parser offers for content is the object checker:
 * whole blobs stream through its blob checker, resolved ones through
 * {@link ObjectChecker#check(AnyObjectId, int, byte[])}. A checker set on the
 * transport instead would make the fetch walk the whole object graph afterwards to
 * check connectivity (a full tree walk); set here, on the parser, it does not. A
 * checker the fetch asks for (git's {@code transfer.fsckObjects}) still runs.
 *
 * <p>For a clone only: it has no objects to complete a thin pack from, so this
 * parser never appends bases ({@link #onAppendBase} fails).
 */
final class SweepingPackParser extends PackParser {

    private final ObjectDirectory db;
    private final int indexVersion;
    private final ClonedBlobs blobs;
    private final CRC32 crc = new CRC32();
    private File tmpPack;
    private File tmpIdx;
    private RandomAccessFile out;
    private long packEnd;
    private byte[] packHash;
    /** The whole blob being received (the parser's thread receives one at a time); copied out at its end. */
    private byte[] whole = new byte[64 * 1024];

    SweepingPackParser(ObjectDirectory db, InputStream in, int indexVersion, ClonedBlobs blobs) {
        super(db, in);
        this.db = db;
        this.indexVersion = indexVersion;
        this.blobs = blobs;
        super.setObjectChecker(new Tap(null));
        // A fresh clone has no objects a received one could collide with; looking each up anyway
        // means, for each miss, a fresh look at objects/pack on disk (a tenth of the clone's thread).
        setCheckObjectCollisions(false);
    }

    @Override
    public void setObjectChecker(ObjectChecker checker) {
        super.setObjectChecker(new Tap(checker));
    }

    /** Sees every object's content as the parser makes it; checks it too when the fetch asked for checks. */
    private final class Tap extends ObjectChecker {
        private final ObjectChecker also;

        Tap(ObjectChecker also) {
            this.also = also;
        }

        @Override
        public void check(AnyObjectId id, int type, byte[] raw) throws CorruptObjectException {
            if (also != null) also.check(id, type, raw);
            // Whole blobs come through the blob checker; a blob here was resolved from a delta.
            if (type == Constants.OBJ_BLOB) blobs.blob(id, raw);
        }

        @Override
        public BlobObjectChecker newBlobObjectChecker() {
            BlobObjectChecker other = also == null ? null : also.newBlobObjectChecker();
            return new WholeBlob(other);
        }
    }

    /** Collects a whole blob as it is inflated, up to the size limit. */
    private final class WholeBlob implements BlobObjectChecker {
        private final BlobObjectChecker other;
        private int length;
        private boolean tooLarge;

        WholeBlob(BlobObjectChecker other) {
            this.other = other;
        }

        @Override
        public void update(byte[] in, int offset, int len) {
            if (other != null) other.update(in, offset, len);
            if (tooLarge) return;
            if (length + (long) len > blobs.maxBytes()) {
                tooLarge = true;
                return;
            }
            if (length + len > whole.length) whole = Arrays.copyOf(whole, Math.max(length + len, 2 * whole.length));
            System.arraycopy(in, offset, whole, length, len);
            length += len;
        }

        @Override
        public void endBlob(AnyObjectId id) throws CorruptObjectException {
            if (other != null) other.endBlob(id);
            if (tooLarge) blobs.tooLarge(id);
            else blobs.blob(id, Arrays.copyOf(whole, length));
        }
    }

    @Override
    public PackLock parse(ProgressMonitor receiving, ProgressMonitor resolving) throws IOException {
        tmpPack = File.createTempFile("incoming_", ".pack", db.getDirectory());
        String base = tmpPack.getName().substring(0, tmpPack.getName().length() - ".pack".length());
        tmpIdx = new File(db.getDirectory(), base + ".idx");
        try {
            out = new RandomAccessFile(tmpPack, "rw");
            super.parse(receiving, resolving);
            out.seek(packEnd);
            out.write(packHash);
            out.getChannel().force(true);
            out.close();
            if (getObjectCount() == 0) return null;
            writeIndex();
            install();
            return null; // a clone of its own: no other process fetches into it, so no .keep lock
        } finally {
            if (out != null) out.close();
            Files.deleteIfExists(tmpPack.toPath());
            Files.deleteIfExists(tmpIdx.toPath());
        }
    }

    private void writeIndex() throws IOException {
        List<PackedObjectInfo> list = getSortedObjectList(null); // by object id
        try (FileOutputStream os = new FileOutputStream(tmpIdx)) {
            PackIndexWriter writer = indexVersion <= 0 ? BasePackIndexWriter.createOldestPossible(os, list)
                    : BasePackIndexWriter.createVersion(os, indexVersion);
            writer.write(list, packHash);
            os.getChannel().force(true);
        }
    }

    /** Moves the pack and its index into objects/pack, named as JGit names them, and opens the pack. */
    private void install() throws IOException {
        MessageDigest d = Constants.newMessageDigest();
        byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
        for (int i = 0; i < getObjectCount(); i++) {
            getObject(i).copyRawTo(raw, 0);
            d.update(raw);
        }
        File packDir = new File(db.getDirectory(), "pack");
        if (!packDir.isDirectory() && !packDir.mkdirs()) throw new IOException("cannot create " + packDir);
        PackFile pack = new PackFile(packDir, ObjectId.fromRaw(d.digest()), PackExt.PACK);
        PackFile index = pack.create(PackExt.INDEX);
        tmpPack.setReadOnly();
        tmpIdx.setReadOnly();
        Files.move(tmpPack.toPath(), pack.toPath(), StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpIdx.toPath(), index.toPath(), StandardCopyOption.ATOMIC_MOVE);
        db.openPack(pack);
    }

    @Override
    protected void onPackHeader(long objectCount) {
        // the count is not needed
    }

    @Override
    protected void onBeginWholeObject(long streamPosition, int type, long inflatedSize) {
        crc.reset();
    }

    @Override
    protected void onEndWholeObject(PackedObjectInfo info) {
        info.setCRC((int) crc.getValue());
    }

    @Override
    protected void onBeginOfsDelta(long streamPosition, long baseStreamPosition, long inflatedSize) {
        crc.reset();
    }

    @Override
    protected void onBeginRefDelta(long streamPosition, AnyObjectId baseId, long inflatedSize) {
        crc.reset();
    }

    @Override
    protected UnresolvedDelta onEndDelta() {
        UnresolvedDelta delta = new UnresolvedDelta();
        delta.setCRC((int) crc.getValue());
        return delta;
    }

    @Override
    protected void onInflatedObjectData(PackedObjectInfo obj, int typeCode, byte[] data) {
        // blobs reach the tap through the object checker (whole ones never come here)
    }

    @Override
    protected void onObjectHeader(Source src, byte[] raw, int pos, int len) {
        crc.update(raw, pos, len);
    }

    @Override
    protected void onObjectData(Source src, byte[] raw, int pos, int len) {
        crc.update(raw, pos, len);
    }

    @Override
    protected void onStoreStream(byte[] raw, int pos, int len) throws IOException {
        out.write(raw, pos, len);
    }

    @Override
    protected void onPackFooter(byte[] hash) throws IOException {
        packEnd = out.getFilePointer();
        packHash = hash;
    }

    @Override
    protected ObjectTypeAndSize seekDatabase(UnresolvedDelta delta, ObjectTypeAndSize info) throws IOException {
        out.seek(delta.getOffset());
        crc.reset();
        return readObjectHeader(info);
    }

    @Override
    protected ObjectTypeAndSize seekDatabase(PackedObjectInfo obj, ObjectTypeAndSize info) throws IOException {
        out.seek(obj.getOffset());
        crc.reset();
        return readObjectHeader(info);
    }

    @Override
    protected int readDatabase(byte[] dst, int pos, int cnt) throws IOException {
        return out.read(dst, pos, cnt);
    }

    @Override
    protected boolean checkCRC(int oldCRC) {
        return oldCRC == (int) crc.getValue();
    }

    @Override
    protected boolean onAppendBase(int typeCode, byte[] data, PackedObjectInfo info) throws IOException {
        throw new IOException("the server sent a thin pack to a fresh clone");
    }

    @Override
    protected void onEndThinPack() throws IOException {
        throw new IOException("the server sent a thin pack to a fresh clone");
    }
}
