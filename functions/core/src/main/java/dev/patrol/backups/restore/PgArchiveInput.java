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
    // Its own buffer, not a BufferedInputStream: an uncompressed dump is millions of
    // row-sized chunks, each behind a 5-byte length read byte by byte, and
    // BufferedInputStream takes a lock per read().
    private final byte[] buffer = new byte[64 * 1024];
    private int next;
    private int end;
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

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) return false;
        next = 0;
        end = n;
        return true;
    }

    /** The next byte, or -1 at the end (where a block may end the archive). */
    int peekOrEnd() throws IOException {
        if (next == end && !fill()) return -1;
        position++;
        return buffer[next++] & 0xff;
    }

    int readByte() throws IOException {
        if (next == end && !fill()) throw new EOFException();
        position++;
        return buffer[next++] & 0xff;
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

    /** {@code length} bytes; a large length (corrupt, or a huge function body) is read before memory is given to it. */
    byte[] readBytes(int length) throws IOException {
        if (length <= 1 << 20) {
            byte[] b = new byte[length];
            for (int at = 0; at < length; ) at += readSome(b, at, length - at);
            return b;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 20);
        byte[] piece = new byte[64 * 1024];
        for (int left = length; left > 0; ) {
            int n = readSome(piece, 0, Math.min(piece.length, left));
            out.write(piece, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    /** Reads 1..len bytes into {@code b}; the end of input here is a cut. */
    int readSome(byte[] b, int off, int len) throws IOException {
        if (next == end && !fill()) throw new EOFException();
        int n = Math.min(len, end - next);
        System.arraycopy(buffer, next, b, off, n);
        next += n;
        position += n;
        return n;
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
