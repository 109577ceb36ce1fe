package dev.patrol.aws;

import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One LocalStack container for every test class that wants it, started on first
 * use and left to Testcontainers' reaper at the end. Only reached from tests
 * marked {@code @EnabledIfDockerAvailable}: where no Docker engine exists (as on
 * the build machines here) those tests are skipped and nothing starts.
 *
 * <p>The image is pinned: later LocalStack images want an account token.
 */
final class LocalStack {
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

    private static LocalStackContainer container;

    private LocalStack() {}

    static synchronized LocalStackContainer container() {
        if (container == null) {
            container = new LocalStackContainer(IMAGE).withServices("sns", "sqs", "secretsmanager", "ssm");
            container.start();
        }
        return container;
    }
}
