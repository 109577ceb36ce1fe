package dev.patrol.backups.restore;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The primitives pg_dump's archives are written in (pg_backup_archiver.c): bytes, integers
 * as a sign byte plus {@code intSize} little-endian bytes, strings as a length (-1 for
 * null) plus bytes, offsets as a flag byte plus {@code offSize} bytes. Counts its
 * position, which custom-format offsets are measured in. An end of input in the middle
 * of a value is an {@link EOFException}: the archive was cut there.
 */
final class PgArchiveInput {
    /** A TOC string longer than this (a function body, a view) is taken as corruption, not allocated. */
    private static final int MAX_STRING = 256 << 20;

    private final InputStream in;
    private long position;
    int version;
    int intSize = 4;
    int offSize = 8;

    PgArchiveInput(InputStream in, long position) {
        this.in = in;
        this.position = position;
    }

    long position() {
        return position;
    }

    /** The next byte, or -1 at the end (where a block may end the archive). */
    int peekOrEnd() throws IOException {
        int b = in.read();
        if (b >= 0) position++;
        return b;
    }

    int readByte() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException();
        position++;
        return b;
    }

    int readInt() throws IOException {
        int sign = version > PgArchive.version(1, 0) ? readByte() : 0;
        long value = 0;
        for (int i = 0; i < intSize; i++) {
            long b = readByte();
            if (i < 8) value |= b << (8 * i);
        }
        if (value > Integer.MAX_VALUE) throw new PgArchive.CorruptException("an integer out of range (" + value + ")");
        return sign != 0 ? (int) -value : (int) value;
    }

    String readString() throws IOException {
        int length = readInt();
        if (length < 0) return null;
        if (length > MAX_STRING) throw new PgArchive.CorruptException("a string of " + length + " bytes");
        return new String(readBytes(length), StandardCharsets.UTF_8);
    }

    byte[] readBytes(int length) throws IOException {
        byte[] b = in.readNBytes(length);
        position += b.length;
        if (b.length < length) throw new EOFException();
        return b;
    }

    /** Reads 1..len bytes into {@code b}; the end of input here is a cut. */
    int readSome(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) throw new EOFException();
        position += n;
        return n;
    }

    /** Skips {@code length} bytes, feeding them to {@code sink} when not null. */
    void pass(long length, java.util.function.ObjIntConsumer<byte[]> sink, byte[] buffer) throws IOException {
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new EOFException();
            position += n;
            left -= n;
            if (sink != null) sink.accept(buffer, n);
        }
    }

    /** An offset: the flag (1 not set, 2 set, 3 no data) and the position. */
    long[] readOffset() throws IOException {
        int flag = readByte();
        if (flag < 1 || flag > 3) throw new PgArchive.CorruptException("an unknown data offset flag (" + flag + ")");
        long value = 0;
        for (int i = 0; i < offSize; i++) {
            long b = readByte();
            if (i < 8) value |= b << (8 * i);
            else if (b != 0) throw new PgArchive.CorruptException("a data offset too large for this machine");
        }
        return new long[] {flag, value};
    }
}
