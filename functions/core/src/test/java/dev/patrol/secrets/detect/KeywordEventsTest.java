package dev.patrol.secrets.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.rules.RuleSet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keyword occurrences made from a delta base ({@link KeywordEvents#derive}) must
 * be exactly those of a full keyword pass over the delta's result: the same
 * keywords at the same ends, in the same order. Random bases and random deltas
 * over text dense with keywords, their pieces, case changes, '%', NULs and
 * newlines; copies short and long, at the edges, one after another; chains of
 * deltas of deltas, each made from the one before's derived occurrences. The
 * base64 and hex candidates carried with them must be those of a full search.
 */
class KeywordEventsTest {

    private static final int RUNS = 10_000;

    /** The keywords the detector looks for with the default rules, and its two of its own. */
    private static final List<String> DEFAULT_KEYWORDS = Stream.concat(
            RuleSet.defaults().rules().stream().flatMap(r -> r.keywords().stream()).distinct(), Stream.of("%", "\0")).toList();
    /** Keywords that are prefixes, suffixes and repeats of each other: where an automaton's state runs deep. */
    private static final List<String> NESTED = List.of("ab", "b", "abab", "babab", "aab", "key", "api_key", "apikey", "secret",
            "secret_key_base", "%", "\0");

    @Test
    void derivedOccurrencesAreTheFullPassesWithTheDefaultKeywords() {
        check(new KeywordIndex(DEFAULT_KEYWORDS), pieces(DEFAULT_KEYWORDS), 11, 300);
    }

    @Test
    void derivedOccurrencesAreTheFullPassesWithNestedKeywords() {
        check(new KeywordIndex(NESTED), pieces(NESTED), 12, 300);
    }

    @Test
    void aBlobWithMoreOccurrencesThanAreKeptHasNoneDerivedEither() {
        KeywordIndex index = new KeywordIndex(NESTED);
        byte[] base = new byte[4096]; // all NULs: an occurrence per byte
        KeywordEvents none = KeywordEvents.scan(index, base, base.length, RUNS);
        assertThat(none).isNull();
        byte[] text = "no keyword here\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        KeywordEvents few = KeywordEvents.scan(index, text, text.length, RUNS);
        byte[] target = Arrays.copyOf(text, text.length + base.length);
        KeywordEvents derived = KeywordEvents.derive(index, target, target.length, few, new int[] {0, 0, text.length}, 1, RUNS);
        assertThat(derived).as("the inserted NULs are over the limit").isNull();
    }

    private static void check(KeywordIndex index, List<String> pieces, long seed, int histories) {
        Random random = new Random(seed);
        int derivedBytes = 0;
        int scannedBytes = 0;
        int compared = 0;
        int runsCompared = 0;
        for (int h = 0; h < histories; h++) {
            byte[] base = text(random, pieces, random.nextInt(h % 10 == 0 ? 20_000 : 3_000));
            KeywordEvents events = KeywordEvents.scan(index, base, base.length, RUNS);
            for (int step = 0; step < 6 && events != null; step++) {
                ByteArrayOutputStream target = new ByteArrayOutputStream();
                List<int[]> copies = new ArrayList<>();
                int ops = 1 + random.nextInt(12);
                for (int op = 0; op < ops; op++) {
                    if (random.nextInt(3) > 0 && base.length > 0) {
                        int from = random.nextInt(base.length);
                        int len = 1 + random.nextInt(Math.min(base.length - from, random.nextBoolean() ? 40 : 5_000));
                        copies.add(new int[] {target.size(), from, len});
                        target.write(base, from, len);
                        derivedBytes += len;
                    } else {
                        byte[] insert = text(random, pieces, random.nextInt(200));
                        target.writeBytes(insert);
                        scannedBytes += insert.length;
                    }
                }
                byte[] result = target.toByteArray();
                int[] flat = copies.stream().flatMapToInt(Arrays::stream).toArray();
                KeywordEvents derived = KeywordEvents.derive(index, result, result.length, events, flat, copies.size(), RUNS);
                KeywordEvents full = KeywordEvents.scan(index, result, result.length, RUNS);
                if (full == null) {
                    assertThat(derived).as("history %d step %d", h, step).isNull();
                    break;
                }
                assertThat(derived).as("history %d step %d", h, step).isNotNull();
                assertThat(derived.pairs()).as("history %d step %d", h, step).isEqualTo(full.pairs());
                assertThat(derived.runs()).as("history %d step %d: base64 and hex candidates", h, step).isEqualTo(full.runs());
                if (full.runs() != null) runsCompared += full.runs().size();
                compared++;
                base = result;
                events = derived;
            }
        }
        assertThat(compared).as("deltas compared").isGreaterThan(histories * 3);
        assertThat(runsCompared).as("candidate runs compared").isGreaterThan(histories);
        assertThat(derivedBytes).as("the copies, most of the bytes, took the fast path").isGreaterThan(scannedBytes);
    }

    /** Pieces of text to draw from: each keyword as is, upper-cased, cut in two, and filler. */
    private static List<String> pieces(List<String> keywords) {
        List<String> out = new ArrayList<>();
        for (String k : keywords) {
            out.add(k);
            out.add(k.toUpperCase(java.util.Locale.ROOT));
            if (k.length() > 1) {
                out.add(k.substring(0, k.length() / 2));
                out.add(k.substring(k.length() / 2));
            }
        }
        out.addAll(List.of("%2F", "\0", "=", "==", "%41%42", "QUtJQUlPU0ZPRE5ON0VYQU1QTEU", "0123456789abcdef0123456789abcdef", "+/", "-_"));
        return out;
    }

    private static final List<String> FILLER = List.of(" ", "\n", "    ", "=", ": ", "\"", "the", "value", "config", "return x;", "é");

    /** Text with a keyword piece one time in five, so that a blob's occurrences stay under the limit kept. */
    private static byte[] text(Random random, List<String> pieces, int length) {
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            List<String> from = random.nextInt(5) == 0 ? pieces : FILLER;
            b.append(from.get(random.nextInt(from.size())));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
