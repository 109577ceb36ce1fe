package dev.patrol.secrets.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The encodings a secret is hidden in often enough to be worth undoing. */
public enum Encoding {
    BASE64, HEX, PERCENT;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Decodes {@code data[from, to)} and returns the bytes only when they are
     * printable UTF-8 text: a decoded hash or image is noise, not a place a
     * credential hides.
     */
    public byte[] decodeText(byte[] data, int from, int to) {
        byte[] out;
        try {
            out = switch (this) {
                case BASE64 -> base64(data, from, to);
                case HEX -> hex(data, from, to);
                case PERCENT -> percent(data, from, to);
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
        return out != null && out.length >= 8 && printable(out) ? out : null;
    }

    private static byte[] base64(byte[] data, int from, int to) {
        int end = to;
        while (end > from && data[end - 1] == '=') end--;
        int len = end - from;
        if (len % 4 == 1) len--;
        boolean url = false;
        for (int i = from; i < from + len; i++) {
            if (data[i] == '-' || data[i] == '_') {
                url = true;
                break;
            }
        }
        byte[] chunk = java.util.Arrays.copyOfRange(data, from, from + len);
        return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(padded(chunk));
    }

    private static byte[] padded(byte[] b) {
        int pad = (4 - b.length % 4) % 4;
        if (pad == 0) return b;
        byte[] p = java.util.Arrays.copyOf(b, b.length + pad);
        for (int i = b.length; i < p.length; i++) p[i] = '=';
        return p;
    }

    private static byte[] hex(byte[] data, int from, int to) {
        byte[] out = new byte[(to - from) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (Character.digit(data[from + 2 * i], 16) << 4 | Character.digit(data[from + 2 * i + 1], 16));
        }
        return out;
    }

    private static byte[] percent(byte[] data, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            if (data[i] == '%' && i + 2 < to && EncodedText.isHex(data[i + 1]) && EncodedText.isHex(data[i + 2])) {
                out.write(Character.digit(data[i + 1], 16) << 4 | Character.digit(data[i + 2], 16));
                i += 2;
            } else if (data[i] == '+') {
                out.write(' '); // form encoding (a query string, Java's URLEncoder, Python's quote_plus) writes a space as +
            } else {
                out.write(data[i]);
            }
        }
        return out.toByteArray();
    }

    static boolean printable(byte[] bytes) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        int bad = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f || c == '\uFFFD') bad++;
        }
        return bad * 20 <= s.length();
    }
}
