package dev.patrol.backups;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupTimelineTest {
    private static Instant day(int d) {
        return Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofDays(d - 1));
    }

    @Test
    void aMissingDayInTheMiddleIsOneGap() {
        List<Gap> gaps = new BackupTimeline(Duration.ofDays(1), Duration.ofHours(2))
                .gaps(List.of(day(1), day(2), day(4), day(5)), null, day(5).plus(Duration.ofHours(9)));
        assertThat(gaps).containsExactly(new Gap(day(3), day(3), 1));
    }

    @Test
    void daysAfterTheNewestAreMissingOnlyOnceDue() {
        BackupTimeline t = new BackupTimeline(Duration.ofDays(1), Duration.ofHours(2));
        // Newest is the 20th; on the 22nd at 01:00 the 21st is not yet due (its day ended, grace has not).
        assertThat(t.gaps(List.of(day(19), day(20)), null, day(22).plus(Duration.ofHours(1)))).isEmpty();
        assertThat(t.gaps(List.of(day(19), day(20)), null, day(22).plus(Duration.ofHours(3))))
                .containsExactly(new Gap(day(21), day(21), 1));
    }

    @Test
    void aWeeklySetOnItsOwnRhythmHasNoGaps() {
        Instant sunday = Instant.parse("2026-11-01T03:00:00Z");
        List<Instant> weekly = List.of(sunday, sunday.plus(Duration.ofDays(7)), sunday.plus(Duration.ofDays(14)));
        assertThat(new BackupTimeline(Duration.ofDays(7), Duration.ZERO).gaps(weekly, null, sunday.plus(Duration.ofDays(15)))).isEmpty();
    }

    @Test
    void gapsBeforeTheWindowAreNotCounted() {
        List<Gap> gaps = new BackupTimeline(Duration.ofDays(1), Duration.ZERO).gaps(List.of(day(1), day(10)), day(8), day(10).plus(Duration.ofHours(1)));
        assertThat(gaps).containsExactly(new Gap(day(8), day(9), 2));
    }
}
