package dev.patrol.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.Verification;
import dev.patrol.secrets.verify.Verification.Status;
import dev.patrol.secrets.verify.VerificationRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AWS key pairs through the real SDK (SigV4, STS GetCallerIdentity) against moto_server checking signatures. */
class AwsKeyVerifierMotoTest {

    @TempDir
    Path dir;

    @Test
    void aLiveKeyPairIsVerifiedAsItsUserAndAWrongSecretIsNot() throws Exception {
        Optional<MotoIam> started = MotoIam.start(dir);
        assumeTrue(started.isPresent(), "moto_server not on PATH: pip install 'moto[server]'");
        try (MotoIam moto = started.get()) {
            VerificationRun run = new VerificationRun(Verifiers.all(Endpoint.of(moto.endpoint)));
            // The key id in the same file as the secret is its partner, as TruffleHog pairs them.
            Finding id = VerifiersTest.finding("aws-access-key-id", moto.key.id(), "deploy.env");
            Finding secret = VerifiersTest.finding("aws-secret-access-key", moto.key.secret(), "deploy.env");
            Finding wrong = VerifiersTest.finding("aws-secret-access-key", "x".repeat(39) + "Q", "deploy.env");
            List<Finding> out = run.verify(List.of(id, secret, wrong));
            Verification live = out.get(1).verification();
            assertThat(live.status()).isEqualTo(Status.VERIFIED);
            assertThat(live.summary()).isEqualTo("live: " + moto.key.arn() + " — rotate now (account 123456789012)");
            Verification refused = out.get(2).verification();
            assertThat(refused.status()).isEqualTo(Status.UNVERIFIED);
            assertThat(refused.summary()).startsWith("not live: aws refused it (").doesNotContain(moto.key.id());
        }
    }
}
