package dev.patrol.aws;

import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SnsNotifier} against fauxqs 2.4.1 from npm (see {@link Fauxqs}): no
 * Maven Central artifact implements SNS, and LocalStack needs Docker, which build
 * machines here lack. fauxqs implements SNS's Query protocol with message
 * attributes, filter policies and delivery to its own SQS queues, which is what
 * these tests need. Skipped only where npm is not installed.
 */
@ExtendWith(Fauxqs.Extension.class)
class SnsNotifierFauxqsTest extends SnsNotifierContract {
    private static URI endpoint;

    @BeforeAll
    static void startFauxqs(Fauxqs fauxqs) {
        endpoint = fauxqs.endpoint();
    }

    @Override
    URI endpoint() {
        return endpoint;
    }
}
