package dev.patrol.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Transition;
import dev.patrol.state.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpDownTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    /** Applies the statuses one run (a minute) apart; returns "status/transition" per run. */
    private static List<String> steps(int failAfter, Status... statuses) {
        TargetState state = TargetState.fresh(T0);
        List<String> out = new ArrayList<>();
        Instant now = T0;
        for (Status s : statuses) {
            now = now.plus(Duration.ofMinutes(1));
            UpDown.Step step = UpDown.apply(state, s, "m", failAfter, now);
            state = step.next();
            out.add(state.status() + step.transition().map(t -> "/" + t.word()).orElse(""));
        }
        return out;
    }

    @Test
    void down_after_fail_after_failures_in_a_row_then_up_after_one_success() {
        assertThat(steps(3, Status.FAIL, Status.FAIL, Status.FAIL, Status.FAIL, Status.OK, Status.OK)).containsExactly(
                "unknown", "unknown", "down/DOWN", "down", "up/RECOVERED", "up");
    }

    @Test
    void a_success_resets_the_count_of_failures() {
        assertThat(steps(2, Status.OK, Status.FAIL, Status.OK, Status.FAIL, Status.OK)).containsExactly(
                "up", "up", "up", "up", "up");
    }

    @Test
    void an_error_counts_as_a_failure() {
        assertThat(steps(2, Status.ERROR, Status.FAIL)).containsExactly("unknown", "down/DOWN");
    }

    @Test
    void a_new_target_that_is_fine_is_up_without_a_recovery() {
        assertThat(steps(1, Status.OK)).containsExactly("up");
    }

    @Test
    void the_state_keeps_since_when_and_the_days_tally() {
        TargetState s = TargetState.fresh(T0);
        s = UpDown.apply(s, Status.OK, "fine", 1, T0.plusSeconds(60)).next();
        UpDown.Step down = UpDown.apply(s, Status.FAIL, "503", 1, T0.plusSeconds(120));

        assertThat(down.transition()).contains(Transition.DOWN);
        assertThat(down.next()).returns(T0.plusSeconds(120), TargetState::since)
                .returns("503", TargetState::lastMessage)
                .returns(2, TargetState::checksToday)
                .returns(1, TargetState::failuresToday)
                .returns(T0, TargetState::firstSeen);
    }
}
