package dev.patrol.secrets.detect;

/** Shannon entropy in bits per character: the higher, the more random the text looks. */
public final class Entropy {
    private Entropy() {}

    public static double shannon(String s) {
        if (s.isEmpty()) return 0;
        int[] counts = new int[128];
        java.util.Map<Character, Integer> other = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (other == null) other = new java.util.HashMap<>();
                other.merge(c, 1, Integer::sum);
            }
        }
        double n = s.length();
        double h = 0;
        for (int c : counts) if (c > 0) h -= (c / n) * (Math.log(c / n) / Math.log(2));
        if (other != null) for (int c : other.values()) h -= (c / n) * (Math.log(c / n) / Math.log(2));
        return h;
    }
}
