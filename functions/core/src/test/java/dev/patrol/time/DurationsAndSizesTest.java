package dev.patrol.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndSizesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "26h, PT26H", "90d, PT2160H", "2w, PT336H", "1h30m, PT1H30M",
            "' 5m ', PT5M", "0s, PT0S"})
    void durations_as_people_write_them(String text, Duration expected) {
        assertThat(Durations.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "5", "5 m", "five minutes", "-5m", "5M", "1.5h", "5y", "m5", "99999999999999999999d"})
    void anything_else_is_not_a_duration(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT0.75S, 750ms", "PT26H, 26h", "PT50H, 50h", "PT74H, 3d2h", "PT30M, 30m", "PT1H30M, 1h30m", "PT0S, 0s", "P90D, 90d"})
    void durations_print_back_in_the_same_notation(Duration d, String text) {
        assertThat(Durations.format(d)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({"512B, 512", "1KB, 1024", "10MB, 10485760", "2GB, 2147483648", "1kb, 1024", "1.5KB, 1536", "1 KB, 1024",
            "100, 100", "1TB, 1099511627776", "1KiB, 1024"})
    void sizes_as_people_write_them(String text, long bytes) {
        assertThat(Sizes.parse(text)).hasValue(bytes);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "KB", "1XB", "-1KB", "1.5B", "one KB", "99999999999TB"})
    void anything_else_is_not_a_size(String text) {
        assertThat(Sizes.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({"512, 512B", "1024, 1KB", "1536, 1.5KB", "10485760, 10MB", "2147483648, 2GB"})
    void sizes_print_back_short(long bytes, String text) {
        assertThat(Sizes.format(bytes)).isEqualTo(text);
    }
}
