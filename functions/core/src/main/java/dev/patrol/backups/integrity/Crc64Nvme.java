package dev.patrol.backups.integrity;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME, the checksum S3 uses by default for new objects (the JDK has none).
 * Reflected polynomial 0x9a6c9329ac4bc9b5, all-ones initial value and final xor;
 * "123456789" gives 0xae8b14860a799888. Slicing by 8: eight table lookups per 8 bytes.
 */
public final class Crc64Nvme implements Checksum {
    private static final long POLY = 0x9a6c9329ac4bc9b5L;
    private static final long[][] TABLE = new long[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            TABLE[0][n] = c;
        }
        for (int n = 0; n < 256; n++) {
            long c = TABLE[0][n];
            for (int t = 1; t < 8; t++) {
                c = TABLE[0][(int) (c & 0xff)] ^ (c >>> 8);
                TABLE[t][n] = c;
            }
        }
    }

    private long crc = ~0L;

    @Override
    public void update(int b) {
        crc = TABLE[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    @Override
    public void update(byte[] b, int off, int len) {
        long c = crc;
        int i = off;
        int end = off + len;
        long[] t0 = TABLE[0], t1 = TABLE[1], t2 = TABLE[2], t3 = TABLE[3], t4 = TABLE[4], t5 = TABLE[5], t6 = TABLE[6], t7 = TABLE[7];
        for (; end - i >= 8; i += 8) {
            c ^= (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48 | (b[i + 7] & 0xffL) << 56;
            c = t7[(int) (c & 0xff)] ^ t6[(int) ((c >>> 8) & 0xff)] ^ t5[(int) ((c >>> 16) & 0xff)]
                    ^ t4[(int) ((c >>> 24) & 0xff)] ^ t3[(int) ((c >>> 32) & 0xff)] ^ t2[(int) ((c >>> 40) & 0xff)]
                    ^ t1[(int) ((c >>> 48) & 0xff)] ^ t0[(int) (c >>> 56)];
        }
        for (; i < end; i++) c = t0[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
        crc = c;
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = ~0L;
    }
}
