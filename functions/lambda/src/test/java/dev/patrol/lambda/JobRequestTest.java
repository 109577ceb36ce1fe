package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.lambda.testing.LambdaHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobRequestTest {

    static JobRequest parse(String json) {
        return JobRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEventBridgeScheduledEventIsAScheduledRunOfEverythingKeyedByItsId() {
        JobRequest request = parse(LambdaHarness.resource("eventbridge-scheduled.json"));

        assertThat(request.scheduled()).isTrue();
        assertThat(request.eventId()).contains("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
        assertThat(request.targets()).isEmpty();
    }

    @Test
    void aScheduleMayNameTargetsInItsDetail() {
        JobRequest request = parse("{\"id\":\"x\",\"source\":\"aws.scheduler\",\"detail-type\":\"Scheduled Event\","
                + "\"detail\":{\"targets\":[\"backend\"]}}");

        assertThat(request.targets()).containsExactly("backend");
    }

    @Test
    void aDirectRequestNamesItsTargets() {
        JobRequest request = parse("{\"targets\": [\"backend\", \"crm-sync-9am\"]}");

        assertThat(request.scheduled()).isFalse();
        assertThat(request.eventId()).isEmpty();
        assertThat(request.targets()).containsExactly("backend", "crm-sync-9am");
    }

    @Test
    void anEmptyBodyOrObjectRunsEverything() {
        assertThat(JobRequest.parse(new byte[0]).targets()).isEmpty();
        assertThat(parse("{}").targets()).isEmpty();
    }

    @Test
    void anythingElseIsRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> parse("{\"targets\": \"backend\"}")).hasMessageContaining("{\"targets\"");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("EventBridge scheduled event");
        assertThatThrownBy(() -> parse("{nope")).hasMessageStartingWith("input is not JSON");
    }
}
