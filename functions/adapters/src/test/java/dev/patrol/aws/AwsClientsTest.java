package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.config.AwsConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** Building clients: no network is touched until a client makes a call. */
class AwsClientsTest {

    @Test
    void eachClientIsBuiltOnceWithTheConfiguredRegionAndEndpoint() {
        try (AwsClients clients = AwsClients.create(new AwsConfig("eu-west-1", "http://127.0.0.1:4566"))) {
            assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
            assertThat(clients.sns()).isSameAs(clients.sns());
            assertThat(clients.dynamoDb().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(clients.sns().serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
        }
    }

    @Test
    void withoutAnEndpointTheClientsGoToAws() {
        try (AwsClients clients = AwsClients.create("ap-southeast-2", null)) {
            assertThat(clients.endpoint()).isNull();
            assertThat(clients.ssm().serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(clients.ssm().serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTHEAST_2);
        }
    }

    @Test
    void aMalformedEndpointIsRejectedWithAnExample() {
        assertThatThrownBy(() -> AwsClients.create("us-east-1", "127.0.0.1:4566"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws.endpoint '127.0.0.1:4566' is not a URL")
                .hasMessageContaining("http://127.0.0.1:4566");
    }
}
