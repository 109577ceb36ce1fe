package dev.patrol.backups.integrity;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The checksums S3 keeps as "additional checksums", by the names S3 gives them. */
public enum ChecksumAlgorithm {
    SHA256, SHA1, CRC32, CRC32C, CRC64NVME;

    /** SHA-256 and SHA-1 catch tampering; the CRCs only catch accidents. */
    public boolean cryptographic() {
        return this == SHA256 || this == SHA1;
    }

    public static Optional<ChecksumAlgorithm> parse(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (ChecksumAlgorithm a : values()) if (a.name().equals(n)) return Optional.of(a);
        return Optional.empty();
    }

    /** A fresh running computation of this checksum. */
    public Hasher newHasher() {
        return switch (this) {
            case SHA256 -> new DigestHasher("SHA-256");
            case SHA1 -> new DigestHasher("SHA-1");
            case CRC32 -> new CrcHasher(new CRC32(), 4);
            case CRC32C -> new CrcHasher(new CRC32C(), 4);
            case CRC64NVME -> new CrcHasher(new Crc64Nvme(), 8);
        };
    }

    /** A checksum being computed over a stream of bytes. */
    public interface Hasher {
        void update(byte[] b, int off, int len);

        /** The value (big-endian for CRCs, as S3 encodes them); the hasher starts over afterwards. */
        byte[] finish();
    }

    private static final class DigestHasher implements Hasher {
        private final MessageDigest digest;

        DigestHasher(String name) {
            try {
                digest = MessageDigest.getInstance(name);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has " + name, e);
            }
        }

        @Override
        public void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        @Override
        public byte[] finish() {
            return digest.digest();
        }
    }

    private static final class CrcHasher implements Hasher {
        private final Checksum crc;
        private final int bytes;

        CrcHasher(Checksum crc, int bytes) {
            this.crc = crc;
            this.bytes = bytes;
        }

        @Override
        public void update(byte[] b, int off, int len) {
            crc.update(b, off, len);
        }

        @Override
        public byte[] finish() {
            long v = crc.getValue();
            crc.reset();
            byte[] out = ByteBuffer.allocate(8).putLong(v).array();
            return bytes == 8 ? out : java.util.Arrays.copyOfRange(out, 8 - bytes, 8);
        }
    }
}
