package dev.patrol.secrets.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * RE2's own limit on counted repetition, which RE2/J leaves out: a count applies to what it
 * repeats, so nested counts multiply, and {@code ([a-z0-9]{1,1000}){1,1000}} asks for a
 * million copies (RE2/J then overflows the stack compiling it). RE2 and Go's regexp, which
 * gitleaks uses, refuse such a pattern; so does Patrol, before compiling it: at most 1000
 * in all, counted through nested groups.
 */
final class RepetitionLimit {
    static final int MAX = 1000;

    private RepetitionLimit() {}

    /** What is wrong with {@code regex}'s counted repetition, if anything. */
    static Optional<String> problem(String regex) {
        // For each open group: the largest repetition inside it so far. The bottom entry is the whole pattern.
        Deque<long[]> groups = new ArrayDeque<>();
        groups.push(new long[] {1});
        long last = 1; // the weight of the atom just read: what a following count multiplies
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    i++;
                    last = 1;
                }
                case '[' -> {
                    i = classEnd(regex, i);
                    last = 1;
                }
                case '(' -> {
                    groups.push(new long[] {1});
                    last = 1;
                }
                case ')' -> {
                    if (groups.size() == 1) return Optional.empty(); // unbalanced: the compiler says so better
                    last = groups.pop()[0];
                    raise(groups, last);
                }
                case '{' -> {
                    int close = regex.indexOf('}', i);
                    long count = close < 0 ? -1 : largestCount(regex.substring(i + 1, close));
                    if (count < 0) {
                        last = 1; // a literal brace
                        continue;
                    }
                    if (count > MAX) return Optional.of("a count of " + count + " is more than RE2's limit of " + MAX);
                    long total = last * count;
                    if (total > MAX) {
                        return Optional.of("nested counts repeat it " + total + " times, more than RE2's limit of " + MAX
                                + " (counts inside a counted group multiply)");
                    }
                    raise(groups, total);
                    last = total;
                    i = close;
                }
                default -> last = 1;
            }
        }
        return Optional.empty();
    }

    private static void raise(Deque<long[]> groups, long weight) {
        long[] top = groups.peek();
        top[0] = Math.max(top[0], weight);
    }

    /** {@code n}, {@code n,} or {@code n,m}: the largest count it allows ({@code n} for {@code n,}); -1 when not a count. */
    private static long largestCount(String inside) {
        if (!inside.matches("\\d{1,9}(,\\d{0,9})?")) return -1;
        int comma = inside.indexOf(',');
        String max = comma < 0 ? inside : inside.substring(comma + 1);
        return Long.parseLong(max.isEmpty() ? inside.substring(0, comma) : max);
    }

    /** The index of the {@code ]} closing the class opened at {@code open}. */
    private static int classEnd(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') i++;
        if (i < regex.length() && regex.charAt(i) == ']') i++;
        for (; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') i++;
            else if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':') {
                int end = regex.indexOf(":]", i + 2);
                if (end > 0) i = end + 1;
            } else if (c == ']') return i;
        }
        return regex.length();
    }
}
