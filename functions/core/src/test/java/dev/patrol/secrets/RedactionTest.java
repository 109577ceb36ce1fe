package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.rules.RuleSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private final FakeCredentials fakes = new FakeCredentials(31);

    private Finding finding(String secret, String path, String message) {
        Occurrence o = new Occurrence("c0ffee", path, 1, 1, 1, 20, "KEY=" + secret, "Dana", "dana@acme.example",
                Instant.parse("2025-01-06T09:00:00Z"), message, List.of());
        return new Finding("ptl_1", "deals", "aws-access-key-id", "AWS key", secret, 3.5, List.of(), List.of(o), false);
    }

    @Test
    void aFoundSecretIsMaskedInItsPathMessageAndMatchAndOthersTheRulesFindToo() {
        String key = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        String other = "gh" + "p_" + fakes.alnum(36);
        Finding f = finding(key, "keys/" + key + ".env", "add " + key + " and " + other);
        Redaction r = Redaction.of(List.of(f), new Detector(RuleSet.defaults()));

        assertThat(r.mask(f.first().path())).isEqualTo("keys/AKIA****.env");
        assertThat(r.mask(f.first().message())).isEqualTo("add AKIA**** and ghp_****");
        assertThat(r.match(f, f.first())).isEqualTo("KEY=AKIA****");
        assertThat(r.secret(f)).isEqualTo("AKIA****");
        assertThat(Redaction.NONE.mask(f.first().message())).contains(key).contains(other);
        assertThat(Redaction.NONE.secret(f)).isEqualTo(key);
    }
}
