package dev.patrol.report;

/**
 * A daily tally as the pipeline writes it, {@code {"checks":288,"failures":0}} (members in either order,
 * others allowed), read without a JSON parser: a report reads 90,000 of them for 1,000 targets. Only
 * that plain form is read here (no spaces, escapes, signs, leading zeros, fractions or nesting); for any
 * other, {@link #read} says no and the caller parses the document as JSON, which reads or rejects it.
 */
final class PlainTally {
    private PlainTally() {}

    /** Sets {@code checks[i]} and {@code failures[i]} from {@code doc} (the last of a repeated member); false when it is not plain. */
    static boolean read(String doc, long[] checks, long[] failures, int i) {
        int n = doc.length();
        if (n < 2 || doc.charAt(0) != '{' || doc.charAt(n - 1) != '}') return false;
        long c = 0, f = 0;
        int at = 1;
        if (n == 2) return set(checks, failures, i, c, f);
        while (true) {
            if (at >= n || doc.charAt(at) != '"') return false;
            int close = doc.indexOf('"', at + 1);
            if (close < 0 || close + 1 >= n || doc.charAt(close + 1) != ':') return false;
            for (int k = at + 1; k < close; k++) if (doc.charAt(k) == '\\') return false;
            int start = close + 2, end = start;
            while (end < n && doc.charAt(end) >= '0' && doc.charAt(end) <= '9') end++;
            int digits = end - start;
            if (digits == 0 || digits > 18 || (digits > 1 && doc.charAt(start) == '0')) return false;
            long value = Long.parseLong(doc, start, end, 10);
            if (close - at - 1 == 6 && doc.startsWith("checks", at + 1)) c = value;
            else if (close - at - 1 == 8 && doc.startsWith("failures", at + 1)) f = value;
            if (end == n - 1) return set(checks, failures, i, c, f);
            if (doc.charAt(end) != ',') return false;
            at = end + 1;
        }
    }

    private static boolean set(long[] checks, long[] failures, int i, long c, long f) {
        checks[i] = c;
        failures[i] = f;
        return true;
    }
}
