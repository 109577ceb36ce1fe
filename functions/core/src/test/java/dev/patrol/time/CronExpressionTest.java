package dev.patrol.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** The next {@code n} fires strictly after {@code from}. */
    private static List<String> fires(String expr, ZoneId zone, String from, int n) {
        CronExpression cron = CronExpression.parse(expr);
        List<String> out = new ArrayList<>();
        Instant at = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            at = cron.nextFire(at, zone).orElseThrow();
            out.add(at.toString());
        }
        return out;
    }

    private static String previous(String expr, ZoneId zone, String at) {
        return CronExpression.parse(expr).previousFire(Instant.parse(at), zone).map(Instant::toString).orElse("never");
    }

    @Nested
    class Parsing {
        @Test
        void weekdays_at_nine_skip_the_weekend() {
            assertThat(fires("0 9 * * MON-FRI", UTC, "2026-11-20T09:00:00Z", 2))
                    .containsExactly("2026-11-23T09:00:00Z", "2026-11-24T09:00:00Z");
        }

        @Test
        void lists_of_minutes_and_hours() {
            assertThat(fires("0,30 9,17 * * *", UTC, "2026-11-22T00:00:00Z", 5)).containsExactly(
                    "2026-11-22T09:00:00Z", "2026-11-22T09:30:00Z", "2026-11-22T17:00:00Z", "2026-11-22T17:30:00Z",
                    "2026-11-23T09:00:00Z");
        }

        @Test
        void steps_over_everything_over_a_range_and_from_a_start() {
            assertThat(fires("*/15 * * * *", UTC, "2026-11-22T09:00:00Z", 4)).containsExactly(
                    "2026-11-22T09:15:00Z", "2026-11-22T09:30:00Z", "2026-11-22T09:45:00Z", "2026-11-22T10:00:00Z");
            assertThat(fires("10-20/5 8 * * *", UTC, "2026-11-22T00:00:00Z", 4)).containsExactly(
                    "2026-11-22T08:10:00Z", "2026-11-22T08:15:00Z", "2026-11-22T08:20:00Z", "2026-11-23T08:10:00Z");
            assertThat(fires("5/20 8 * * *", UTC, "2026-11-22T00:00:00Z", 3)).containsExactly(
                    "2026-11-22T08:05:00Z", "2026-11-22T08:25:00Z", "2026-11-22T08:45:00Z");
        }

        @Test
        void month_and_day_names_in_any_case() {
            assertThat(fires("0 0 1 JAN,jul *", UTC, "2026-11-22T00:00:00Z", 2))
                    .containsExactly("2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z");
            assertThat(fires("0 12 * * sat", UTC, "2026-11-22T00:00:00Z", 1)).containsExactly("2026-11-28T12:00:00Z");
        }

        @Test
        void seven_is_sunday_like_zero() {
            List<String> sundays = fires("0 12 * * 0", UTC, "2026-11-01T00:00:00Z", 3);

            assertThat(fires("0 12 * * 7", UTC, "2026-11-01T00:00:00Z", 3)).isEqualTo(sundays);
            assertThat(fires("0 12 * * SUN", UTC, "2026-11-01T00:00:00Z", 3)).isEqualTo(sundays);
            assertThat(sundays).containsExactly("2026-11-01T12:00:00Z", "2026-11-08T12:00:00Z", "2026-11-15T12:00:00Z");
            assertThat(fires("0 12 * * 5-7", UTC, "2026-11-19T00:00:00Z", 4)).containsExactly(
                    "2026-11-20T12:00:00Z", "2026-11-21T12:00:00Z", "2026-11-22T12:00:00Z", "2026-11-27T12:00:00Z");
        }

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource({
                "@yearly, 0 0 1 1 *", "@annually, 0 0 1 1 *", "@monthly, 0 0 1 * *", "@weekly, 0 0 * * 0",
                "@daily, 0 0 * * *", "@midnight, 0 0 * * *", "@hourly, 0 * * * *", "@DAILY, 0 0 * * *"})
        void shortcuts_mean_their_five_fields(String shortcut, String fields) {
            assertThat(fires(shortcut, UTC, "2026-11-22T10:30:00Z", 3)).isEqualTo(fires(fields, UTC, "2026-11-22T10:30:00Z", 3));
        }

        @Test
        void with_both_day_fields_restricted_either_one_matches() {
            // Friday the 13th style: every Friday, and every 13th whatever its weekday (Vixie cron).
            assertThat(fires("0 0 13 * FRI", UTC, "2026-11-01T00:00:00Z", 7)).containsExactly(
                    "2026-11-06T00:00:00Z", "2026-11-13T00:00:00Z", "2026-11-20T00:00:00Z", "2026-11-27T00:00:00Z",
                    "2026-12-04T00:00:00Z", "2026-12-11T00:00:00Z", "2026-12-13T00:00:00Z");
        }

        @Test
        void with_one_day_field_restricted_only_it_counts() {
            assertThat(fires("0 0 1 * *", UTC, "2026-11-22T00:00:00Z", 2)).containsExactly("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z");
            assertThat(fires("0 0 * * MON", UTC, "2026-11-22T00:00:00Z", 2)).containsExactly("2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z");
        }

        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @CsvSource(delimiter = '|', value = {
                "60 9 * * *      | minute field \"60\" is out of range: minute must be 0-59",
                "0 24 * * *      | hour field \"24\" is out of range: hour must be 0-23",
                "0 9 0 * *       | day-of-month field \"0\" is out of range",
                "0 9 32 * *      | day-of-month field \"32\" is out of range",
                "0 9 * 13 *      | month field \"13\" is out of range: month must be 1-12 or JAN-DEC",
                "0 9 * FOO *     | month field \"FOO\" has \"FOO\", which is not a number or a name (JAN,FEB",
                "0 9 * * 8       | day-of-week field \"8\" is out of range: day-of-week must be 0-7 or SUN-SAT",
                "0 9 * * FRI-MON | day-of-week field \"FRI-MON\" is out of range: day-of-week must be 0-7 or SUN-SAT with the smaller value first",
                "*/0 * * * *     | minute field \"*/0\" has step 0",
                "1-2-3 * * * *   | minute field \"1-2-3\" has a bad range \"1-2-3\"",
                "1,,2 * * * *    | minute field \"1,,2\" has an empty list item",
                "0 9 * * * *     | has 6 fields; expected 5 (minute hour day-of-month month day-of-week)",
                "@reboot         | has 1 field; expected 5",
                "0 9 * *         | has 4 fields"})
        void a_wrong_field_is_named(String expr, String says) {
            assertThatThrownBy(() -> CronExpression.parse(expr)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(says);
        }

        @Test
        void an_empty_expression_is_refused() {
            assertThatThrownBy(() -> CronExpression.parse(" ")).hasMessageContaining("is empty");
            assertThatThrownBy(() -> CronExpression.parse(null)).hasMessageContaining("is empty");
        }

        @Test
        void keeps_its_text_and_equality() {
            assertThat(CronExpression.parse("  0 9 * * MON-FRI ")).hasToString("0 9 * * MON-FRI")
                    .isEqualTo(CronExpression.parse("0 9 * * MON-FRI"));
        }
    }

    @Nested
    class PreviousAndNext {
        @Test
        void previous_fire_includes_the_instant_itself_and_next_fire_does_not() {
            assertThat(previous("0 9 * * *", UTC, "2026-11-22T09:00:00Z")).isEqualTo("2026-11-22T09:00:00Z");
            assertThat(previous("0 9 * * *", UTC, "2026-11-22T08:59:59Z")).isEqualTo("2026-11-21T09:00:00Z");
            assertThat(fires("0 9 * * *", UTC, "2026-11-22T09:00:00Z", 1)).containsExactly("2026-11-23T09:00:00Z");
        }

        @Test
        void previous_fire_on_weekdays_reaches_back_over_the_weekend() {
            assertThat(previous("0 9 * * MON-FRI", CHICAGO, "2026-11-23T14:00:00Z")).isEqualTo("2026-11-20T15:00:00Z");
        }

        @Test
        void the_31st_skips_shorter_months() {
            assertThat(fires("0 0 31 * *", UTC, "2026-01-31T00:00:00Z", 3))
                    .containsExactly("2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z");
            assertThat(previous("0 0 31 * *", UTC, "2026-07-15T00:00:00Z")).isEqualTo("2026-05-31T00:00:00Z");
        }

        @Test
        void month_ends_in_a_zone_west_of_utc() {
            assertThat(fires("0 23 28-31 * *", CHICAGO, "2026-02-27T00:00:00Z", 2))
                    .containsExactly("2026-03-01T05:00:00Z", "2026-03-29T04:00:00Z");
        }

        @Test
        void leap_day_comes_every_four_years() {
            assertThat(fires("0 0 29 2 *", UTC, "2026-11-22T00:00:00Z", 2))
                    .containsExactly("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z");
            assertThat(previous("0 0 29 2 *", UTC, "2027-06-01T00:00:00Z")).isEqualTo("2024-02-29T00:00:00Z");
        }

        @Test
        void a_date_that_never_comes_never_fires() {
            CronExpression never = CronExpression.parse("0 0 30 2 *");

            assertThat(never.nextFire(Instant.parse("2026-11-22T00:00:00Z"), UTC)).isEmpty();
            assertThat(never.previousFire(Instant.parse("2026-11-22T00:00:00Z"), UTC)).isEmpty();
        }
    }

    /**
     * Daylight-saving changes. America/Chicago 2026: 02:00 CST becomes 03:00 CDT on
     * March 8 (08:00Z); 02:00 CDT becomes 01:00 CST on November 1 (07:00Z).
     * Europe/Berlin 2026: 02:00 CET becomes 03:00 CEST on March 29 (01:00Z); 03:00
     * CEST becomes 02:00 CET on October 25 (01:00Z).
     */
    @Nested
    class DaylightSaving {
        @Test
        void chicago_spring_forward_a_skipped_0230_job_is_expected_once_at_the_change() {
            assertThat(fires("30 2 * * *", CHICAGO, "2026-03-07T00:00:00Z", 3)).containsExactly(
                    "2026-03-07T08:30:00Z", // 02:30 CST
                    "2026-03-08T08:00:00Z", // 02:30 does not exist: the moment 02:00 CST became 03:00 CDT
                    "2026-03-09T07:30:00Z"); // 02:30 CDT
            assertThat(previous("30 2 * * *", CHICAGO, "2026-03-08T12:00:00Z")).isEqualTo("2026-03-08T08:00:00Z");
            assertThat(previous("30 2 * * *", CHICAGO, "2026-03-08T07:59:59Z")).isEqualTo("2026-03-07T08:30:00Z");
        }

        @Test
        void chicago_fall_back_a_repeated_0130_job_is_expected_once_at_its_first_occurrence() {
            assertThat(fires("30 1 * * *", CHICAGO, "2026-10-31T00:00:00Z", 3)).containsExactly(
                    "2026-10-31T06:30:00Z", // 01:30 CDT
                    "2026-11-01T06:30:00Z", // 01:30 CDT, the first of two
                    "2026-11-02T07:30:00Z"); // 01:30 CST
            assertThat(previous("30 1 * * *", CHICAGO, "2026-11-01T07:45:00Z")).as("after the second 01:30")
                    .isEqualTo("2026-11-01T06:30:00Z");
        }

        @Test
        void chicago_fall_back_during_the_repeated_hour_the_first_pass_is_already_past() {
            // 07:30Z is 01:30 CST, the second pass; 01:45 CDT (06:45Z) came 45 minutes earlier today.
            assertThat(previous("45 1 * * *", CHICAGO, "2026-11-01T07:30:00Z")).isEqualTo("2026-11-01T06:45:00Z");
        }

        @Test
        void berlin_spring_forward_a_skipped_0230_job_is_expected_once_at_the_change() {
            assertThat(fires("30 2 * * *", BERLIN, "2026-03-28T00:00:00Z", 3)).containsExactly(
                    "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z");
        }

        @Test
        void berlin_fall_back_a_repeated_0230_job_is_expected_once_at_its_first_occurrence() {
            assertThat(fires("30 2 * * *", BERLIN, "2026-10-24T00:00:00Z", 3)).containsExactly(
                    "2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z");
            assertThat(previous("30 2 * * *", BERLIN, "2026-10-25T02:00:00Z")).isEqualTo("2026-10-25T00:30:00Z");
        }

        @Test
        void an_hourly_job_across_spring_forward_fires_once_per_real_hour() {
            assertThat(fires("0 * * * *", CHICAGO, "2026-03-08T06:30:00Z", 3))
                    .containsExactly("2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z");
            assertThat(fires("*/30 * * * *", CHICAGO, "2026-03-08T07:15:00Z", 3))
                    .containsExactly("2026-03-08T07:30:00Z", "2026-03-08T08:00:00Z", "2026-03-08T08:30:00Z");
        }

        @Test
        void an_hourly_job_across_fall_back_is_not_expected_twice_in_the_repeated_hour() {
            assertThat(fires("0 * * * *", CHICAGO, "2026-11-01T05:30:00Z", 3))
                    .containsExactly("2026-11-01T06:00:00Z", "2026-11-01T08:00:00Z", "2026-11-01T09:00:00Z");
        }

        @Test
        void a_nine_oclock_job_stays_at_nine_local_time_across_the_change() {
            assertThat(fires("0 9 * * *", CHICAGO, "2026-03-07T00:00:00Z", 2))
                    .containsExactly("2026-03-07T15:00:00Z", "2026-03-08T14:00:00Z");
            assertThat(fires("0 9 * * *", BERLIN, "2026-10-24T00:00:00Z", 2))
                    .containsExactly("2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z");
        }
    }
}
