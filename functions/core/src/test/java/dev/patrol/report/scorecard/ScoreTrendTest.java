package dev.patrol.report.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreTrendTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-12-04");

    private static ScoreTrend.Day day(String date, Integer score, Object... checks) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < checks.length; i += 2) m.put((String) checks[i], (Integer) checks[i + 1]);
        return new ScoreTrend.Day(LocalDate.parse(date), score, score == null ? null : Scorecard.band(score), m);
    }

    @Test
    void theFirstReportHasItsPointAndNothingToCompareWith() {
        ScoreTrend t = ScoreTrend.of(List.of(), day("2026-12-04", 72, "ci-config", 10));
        assertThat(t.points()).extracting(ScoreTrend.Point::score).containsExactly(72);
        assertThat(t.change()).isNull();
    }

    @Test
    void aFallSinceAWeekAgoNamesTheChecksThatMovedTheBiggestFallFirst() {
        ScoreTrend t = ScoreTrend.of(List.of(
                        day("2026-11-25", 70, "ci-config", 10, "tests", 8, "security-policy", 10, "license", 10),
                        day("2026-11-27", 72, "ci-config", 10, "tests", 8, "security-policy", 10, "license", 10),
                        day("2026-12-01", 72, "ci-config", 10, "tests", 8, "security-policy", 10, "license", 10)),
                day("2026-12-04", 58, "ci-config", 0, "tests", 5, "security-policy", null, "license", 10, "new-check", 3));
        // The base is the last day at least a week old (27 Nov), not the oldest or yesterday.
        assertThat(t.change().since()).isEqualTo(LocalDate.parse("2026-11-27"));
        assertThat(t.change().delta()).isEqualTo(-14);
        assertThat(t.change().direction()).isEqualTo("down");
        assertThat(t.change().checks()).extracting(ScoreTrend.CheckChange::check).containsExactly("ci-config", "tests", "security-policy");
        assertThat(t.change().summary())
                .isEqualTo("72 → 58 (managed → defined) since 2026-11-27: ci-config 10 → 0, tests 8 → 5, security-policy 10 → —");
        assertThat(t.points()).extracting(ScoreTrend.Point::day).map(LocalDate::toString)
                .containsExactly("2026-11-25", "2026-11-27", "2026-12-01", "2026-12-04");
    }

    @Test
    void aYoungHistoryComparesWithItsOldestDayAndSmallMovesAreSteady() {
        ScoreTrend t = ScoreTrend.of(List.of(day("2026-12-02", 64, "activity", 10), day("2026-12-03", 66, "activity", 10)),
                day("2026-12-04", 62, "activity", 7));
        assertThat(t.change().since()).isEqualTo(LocalDate.parse("2026-12-02"));
        assertThat(t.change().delta()).isEqualTo(-2);
        assertThat(t.change().direction()).as("a 2-point wobble in one band").isEqualTo("steady");
        assertThat(ScoreTrend.of(List.of(day("2026-12-01", 62)), day("2026-12-04", 58)).change().direction())
                .as("a fall into a lower band is a fall however small").isEqualTo("down");
        assertThat(ScoreTrend.of(List.of(day("2026-12-01", 50)), day("2026-12-04", 57)).change().direction()).isEqualTo("up");
    }

    @Test
    void todaysStoredPointIsReplacedByTheCardJustComputed() {
        ScoreTrend t = ScoreTrend.of(List.of(day("2026-12-03", 60), day("2026-12-04", 10)), day("2026-12-04", 61));
        assertThat(t.points()).extracting(ScoreTrend.Point::score).containsExactly(60, 61);
        assertThat(t.change().since()).isEqualTo(LocalDate.parse("2026-12-03"));
    }
}
