package dev.patrol.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Transition;
import dev.patrol.config.AlertsConfig;
import dev.patrol.state.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlappingTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final AlertsConfig.Flapping FOUR_IN_AN_HOUR = AlertsConfig.Flapping.DEFAULT;

    @Test
    void the_fifth_change_within_the_window_is_flapping_and_quiets_the_change_itself() {
        TargetState s = changes(4, Duration.ofMinutes(10), FOUR_IN_AN_HOUR);
        Flapping.Step fifth = Flapping.apply(s, Optional.of(Transition.UP), FOUR_IN_AN_HOUR, T0.plus(Duration.ofMinutes(40)));
        assertThat(fifth.transition()).contains(Transition.FLAPPING);
        assertThat(fifth.quiet()).isTrue();
        assertThat(fifth.next().flapping()).isTrue();
    }

    @Test
    void changes_spread_wider_than_the_window_never_flap() {
        TargetState s = changes(20, Duration.ofMinutes(16), FOUR_IN_AN_HOUR);
        assertThat(s.changes()).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void a_flapping_target_is_stable_once_a_whole_window_passed_without_a_change() {
        TargetState flapping = TargetState.fresh(T0).flapped(java.util.List.of(T0), true);
        assertThat(Flapping.apply(flapping, Optional.empty(), FOUR_IN_AN_HOUR, T0.plus(Duration.ofMinutes(59))).transition()).isEmpty();
        Flapping.Step stable = Flapping.apply(flapping, Optional.empty(), FOUR_IN_AN_HOUR, T0.plus(Duration.ofMinutes(60)));
        assertThat(stable.transition()).contains(Transition.STABLE);
        assertThat(stable.next().flapping()).isFalse();
        // A change while flapping restarts the wait.
        Flapping.Step changed = Flapping.apply(flapping, Optional.of(Transition.DOWN), FOUR_IN_AN_HOUR, T0.plus(Duration.ofMinutes(61)));
        assertThat(changed.transition()).isEmpty();
        assertThat(changed.quiet()).isTrue();
        assertThat(Flapping.apply(changed.next(), Optional.empty(), FOUR_IN_AN_HOUR, T0.plus(Duration.ofMinutes(120))).transition()).isEmpty();
    }

    @Test
    void without_alerts_flapping_in_the_config_nothing_flaps() {
        assertThat(changes(10, Duration.ofMinutes(1), AlertsConfig.Flapping.OFF).flapping()).isFalse();
    }

    /** {@code n} changes {@code apart} from T0 on, each asserted to alert as usual (no notice, not quiet). */
    private static TargetState changes(int n, Duration apart, AlertsConfig.Flapping policy) {
        TargetState s = TargetState.fresh(T0);
        for (int i = 0; i < n; i++) {
            Flapping.Step step = Flapping.apply(s, Optional.of(Transition.DOWN), policy, T0.plus(apart.multipliedBy(i)));
            assertThat(step.transition()).isEmpty();
            assertThat(step.quiet()).isFalse();
            s = step.next();
        }
        return s;
    }
}
