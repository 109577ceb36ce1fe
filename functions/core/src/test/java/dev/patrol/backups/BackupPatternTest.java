package dev.patrol.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupPatternTest {

    @Test
    void dailyNamesMatchToTheirDate() {
        BackupPattern p = BackupPattern.parse("pipeline_{yyyyMMdd}.csv.gz");
        assertThat(p.match("pipeline_20261121.csv.gz")).contains(Instant.parse("2026-11-21T00:00:00Z"));
        assertThat(p.match("pipeline_20261121.csv.gz.sha256")).isEmpty();
        assertThat(p.match("pipeline_20261131.csv.gz")).as("no such day").isEmpty();
        assertThat(p.match("other_20261121.csv.gz")).isEmpty();
        assertThat(p.literalPrefix()).isEqualTo("pipeline_");
        assertThat(p.granularity()).isEqualTo(Duration.ofDays(1));
        assertThat(p.format(Instant.parse("2026-11-22T01:02:03Z"))).isEqualTo("pipeline_20261122.csv.gz");
        assertThat(p.label(Instant.parse("2026-11-21T00:00:00Z"))).isEqualTo("2026-11-21");
    }

    @Test
    void foldersAndMinutesAndWildcards() {
        BackupPattern p = BackupPattern.parse("db/{yyyy}/{MM}/{dd}/dump-{HHmm}-*.sql.zst");
        assertThat(p.match("db/2026/11/21/dump-1430-host1.sql.zst")).contains(Instant.parse("2026-11-21T14:30:00Z"));
        assertThat(p.match("db/2026/11/21/x/dump-1430-host1.sql.zst")).isEmpty();
        assertThat(p.granularity()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.label(Instant.parse("2026-11-21T14:30:00Z"))).isEqualTo("2026-11-21 14:30");
        assertThat(p.literalPrefix()).isEqualTo("db/");
    }

    @Test
    void repeatedFieldsMustAgreeAndSeparatorsInsideBracesWork() {
        BackupPattern p = BackupPattern.parse("{yyyy}/{yyyy-MM-dd}.tar");
        assertThat(p.match("2026/2026-11-21.tar")).isPresent();
        assertThat(p.match("2025/2026-11-21.tar")).isEmpty();
        assertThat(p.format(Instant.parse("2026-01-05T00:00:00Z"))).isEqualTo("2026/2026-01-05.tar");
    }

    @Test
    void quartersNameTheirFirstDayAndAreAPeriodOfTheirOwn() {
        BackupPattern p = BackupPattern.parse("db_{yyyyQQ}.sql.gz");
        assertThat(p.match("db_202603.sql.gz")).contains(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(p.match("db_202605.sql.gz")).isEmpty(); // there is no fifth quarter
        assertThat(p.format(Instant.parse("2026-11-21T10:00:00Z"))).isEqualTo("db_202604.sql.gz");
        assertThat(p.label(Instant.parse("2026-10-01T00:00:00Z"))).isEqualTo("2026-Q4");
        assertThat(p.periodName()).isEqualTo("quarter");
        assertThat(p.granularity()).isEqualTo(java.time.Duration.ofDays(90));
        assertThat(BackupPattern.parse("db_{yyyy}-Q{Q}.sql").match("db_2026-Q1.sql")).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(BackupPattern.parse("db_{yyyyQQ}/{MM}.sql").match("db_202601/05.sql")).isEmpty(); // May is not in Q1
    }

    @Test
    void badPatternsSayWhatIsWrong() {
        assertThatThrownBy(() -> BackupPattern.parse("backup.tar.gz")).hasMessageContaining("no date in braces");
        assertThatThrownBy(() -> BackupPattern.parse("b_{yyyyMMdd.gz")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> BackupPattern.parse("b_{yyyyMMDD}.gz")).hasMessageContaining("'D'");
        assertThatThrownBy(() -> BackupPattern.parse("b_{yyyyMd}.gz")).hasMessageContaining("use MM");
    }
}
