package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.Hit;
import dev.patrol.secrets.rules.RuleSet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorTest {

    private final Detector detector = new Detector(RuleSet.defaults());
    private final FakeCredentials fakes = new FakeCredentials(42);

    @Test
    void everyKindOfCredentialIsFoundByItsOwnRule() {
        for (FakeCredentials.Planted p : fakes.everyKind()) {
            List<Hit> hits = detector.detect("# settings\n" + p.text() + "\n");
            assertThat(hits).as(p.toString()).hasSize(1);
            assertThat(hits.getFirst().ruleId()).as(p.toString()).isEqualTo(p.ruleId());
            assertThat(hits.getFirst().secret()).as(p.toString()).isEqualTo(p.secret());
            assertThat(hits.getFirst().startLine()).as(p.toString()).isEqualTo(p.ruleId().equals("gcp-service-account-key") ? 6 : 2);
        }
    }

    @Test
    void otherShapesOfTheSameKindsAreFoundToo() {
        for (FakeCredentials.Planted p : fakes.variants()) {
            List<Hit> hits = detector.detect("# settings\n" + p.text() + "\n");
            assertThat(hits).as(p.toString()).extracting(Hit::ruleId, Hit::secret).containsExactly(org.assertj.core.groups.Tuple.tuple(p.ruleId(), p.secret()));
        }
    }

    @Test
    void decoysAreNotReported() {
        for (String decoy : fakes.decoys()) {
            assertThat(detector.detect(decoy + "\n")).as(decoy).isEmpty();
        }
    }

    @Test
    void allowCommentsSuppressTheLine() {
        String token = "gh" + "p_" + fakes.alnum(36);
        assertThat(detector.detect("t = \"" + token + "\" # gitleaks:allow")).isEmpty();
        assertThat(detector.detect("t = \"" + token + "\" // patrol:allow")).isEmpty();
        assertThat(detector.detect("t = \"" + token + "\"")).hasSize(1);
    }

    @Test
    void columnsPointAtTheSecret() {
        String token = "gh" + "p_" + fakes.alnum(36);
        Hit h = detector.detect("x\n  token: " + token + "\n").getFirst();
        assertThat(h.startLine()).isEqualTo(2);
        assertThat(h.startColumn()).isEqualTo(10);
        assertThat(h.endColumn()).isEqualTo(9 + token.length());
    }

    @Test
    void base64HexAndPercentEncodedSecretsAreDecoded() {
        String token = "gh" + "p_" + fakes.alnum(36);
        String b64 = FakeCredentials.b64("export GITHUB_TOKEN=" + token + "\n");
        Hit h = detector.detect("data:\n  blob: " + b64 + "\n").getFirst();
        assertThat(h.secret()).isEqualTo(token);
        assertThat(h.decodedFrom()).containsExactly("base64");
        assertThat(h.startLine()).isEqualTo(2);

        String hex = HexFormat.of().formatHex(("token=" + token).getBytes(StandardCharsets.UTF_8));
        assertThat(detector.detect("payload = " + hex).getFirst().decodedFrom()).containsExactly("hex");

        String pass = fakes.alnum(16);
        String url = URLEncoder.encode("postgres://app:" + pass + "@db.acme.io/app", StandardCharsets.UTF_8);
        Hit p = detector.detect("jdbc_param=" + url).getFirst();
        assertThat(p.secret()).isEqualTo(pass);
        assertThat(p.decodedFrom()).containsExactly("percent");
    }

    @Test
    void nestedEncodingIsFollowedToTheDepthLimitAndNoFurther() {
        String token = "xo" + "xb-" + fakes.chars("0123456789", 12) + "-" + fakes.chars("0123456789", 13) + "-" + fakes.alnum(24);
        String text = "SLACK=" + token;
        for (int i = 0; i < 3; i++) text = FakeCredentials.b64(text);
        assertThat(detector.detect("v: " + text)).extracting(Hit::secret).containsExactly(token);

        String deep = "SLACK=" + token;
        for (int i = 0; i < 12; i++) deep = FakeCredentials.b64(deep);
        assertThat(detector.detect("v: " + deep)).isEmpty();
        assertThat(new Detector(RuleSet.defaults(), 12).detect("v: " + deep)).extracting(Hit::secret).containsExactly(token);
    }

    @Test
    void aFiftyThousandCharacterLineIsScanned() {
        String token = "gl" + "pat-" + fakes.alnum(20);
        String minified = "var a=1;".repeat(3_000) + "var token=\"" + token + "\";" + "b(c,d);".repeat(3_000);
        assertThat(minified.length()).isGreaterThan(45_000);
        List<Hit> hits = detector.detect(minified);
        assertThat(hits).extracting(Hit::secret).containsExactly(token);
        assertThat(hits.getFirst().startColumn()).isEqualTo(24_012);
        assertThat(hits.getFirst().line().length()).isLessThanOrEqualTo(1_100);
    }

    @Test
    void theKeywordPassFindsEveryOccurrenceInOrderAcrossTheMiddleOfALargeFragment() {
        List<String> words = List.of("ghp_", "secret", "xoxb-");
        var index = new dev.patrol.secrets.detect.KeywordIndex(words);
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(5);
        while (text.length() < 20_000) {
            text.append(fakes.chars("abcdefghij \n", 1 + random.nextInt(60)));
            text.append(List.of("GHP_", "Secret", "xoxb-").get(random.nextInt(3)));
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        String lower = text.toString().toLowerCase(java.util.Locale.ROOT);
        for (int from = 0; from < 8; from++) { // moves the middle across the keywords
            List<Integer> expected = new java.util.ArrayList<>();
            for (int i = from; i < lower.length(); i++) {
                for (String k : words) if (lower.startsWith(k, i)) expected.add(i + k.length());
            }
            expected.sort(null);
            List<Integer> found = new java.util.ArrayList<>();
            index.scan(data, from, data.length, (k, end) -> found.add(end));
            assertThat(found).isEqualTo(expected);
        }
    }

    @Test
    void aGenericMatchGivesWayToTheProviderRule() {
        String token = "sk" + "_live_" + fakes.alnum(24);
        assertThat(detector.detect("stripe_secret_key = \"" + token + "\"")).extracting(Hit::ruleId).containsExactly("stripe-secret-key");
    }

    /** git's test for binary: a NUL within the first 8,000 bytes. Past that, the file is text with a stray NUL. */
    @Test
    void aFileWithANulByteEarlyIsBinaryAndNotScannedButOneLaterIsScanned() {
        String token = "gh" + "p_" + fakes.alnum(36);
        byte[] early = ("GIF89a\u0000\u0001" + "x".repeat(7_000) + "\ntoken = " + token + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] late = ("x".repeat(8_100) + "\u0000\ntoken = " + token + "\n").getBytes(StandardCharsets.UTF_8);

        var binary = detector.examine(early, early.length, r -> true);
        var text = detector.examine(late, late.length, r -> true);

        assertThat(binary.binary()).isTrue();
        assertThat(binary.hits()).isEmpty();
        assertThat(text.binary()).isFalse();
        assertThat(text.hits()).extracting(Hit::secret).containsExactly(token);
    }
}
