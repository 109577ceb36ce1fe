package dev.patrol.aws;

import java.net.URI;
import org.testcontainers.junit.jupiter.EnabledIfDockerAvailable;

/** {@link SnsNotifier} against LocalStack's SNS and SQS in Docker; skipped where no Docker engine exists. */
@EnabledIfDockerAvailable
class SnsNotifierLocalStackTest extends SnsNotifierContract {
    @Override
    URI endpoint() {
        return LocalStack.container().getEndpoint();
    }
}
