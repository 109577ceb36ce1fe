package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.s3.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

/**
 * `config validate --stack` and `--parameter`: a config naming a topic, a secret or a bucket
 * the deployed roles would refuse is warned about, line by line, before the first run fails
 * with AccessDenied. The stack is created in moto_server's CloudFormation, read back through
 * the SDK as from AWS (the test skips, naming moto, where moto_server is not installed).
 */
class DeployedRolesIT {
    private static final Map<String, String> NO_AWS = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
            "AWS_REGION", "us-east-1", "AWS_PROFILE", PatrolProcess.UNSET, "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");

    @TempDir
    Path dir;

    private void config(String aws) throws IOException {
        Files.writeString(dir.resolve("patrol.yml"), aws + """
                alerts:
                  sns:
                    topicArn: arn:aws:sns:us-east-1:123456789012:patrol-alerts
                backups:
                  - name: db
                    location: s3://acme-backups/pg/
                    pattern: "db-{yyyyMMdd}.dump"
                secrets:
                  repos:
                    - name: api
                      url: https://github.com/acme/api.git
                      token: "secretsmanager:acme/github-token"
                """);
    }

    @Test
    void parametersAsGivenToDeployAreCheckedWithoutAws() throws Exception {
        config("");
        PatrolProcess.Result refused = PatrolProcess.run(dir, NO_AWS, "config", "validate",
                "--parameter", "WatchedBuckets=arn:aws:s3:::acme-backups");
        assertThat(refused.exit()).isZero();
        assertThat(refused.err())
                .contains("patrol: warning: patrol.yml:3: alerts.sns.topicArn: the deployed roles may not publish to arn:aws:sns:us-east-1:123456789012:patrol-alerts")
                .contains("patrol.yml:6: backups[0].location: the deployed roles may list the bucket acme-backups but not read acme-backups/pg/")
                .contains("patrol.yml:12: secrets.repos[0].token: the deployed roles may not read the secret \"acme/github-token\"")
                .doesNotContain("Exception");
        assertThat(refused.out()).contains("3 of 3 AWS reference(s) in the config would be refused");

        PatrolProcess.Result allowed = PatrolProcess.run(dir, NO_AWS, "config", "validate",
                "--parameter", "WatchedBuckets=arn:aws:s3:::acme-backups", "--parameter", "WatchedObjects=arn:aws:s3:::acme-backups/*",
                "--parameter", "TopicArns=arn:aws:sns:us-east-1:123456789012:patrol-*",
                "--parameter", "SecretArns=arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/*");
        assertThat(allowed.exit()).isZero();
        assertThat(allowed.err()).doesNotContain("warning");
        assertThat(allowed.out()).contains("roles OK").contains("all 3 AWS reference(s)");

        PatrolProcess.Result wrong = PatrolProcess.run(dir, NO_AWS, "config", "validate", "--parameter", "TopicArns");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("--parameter TopicArns: give KEY=VALUE");
    }

    @Test
    void aDeployedStacksParametersAndOutputsAreReadFromCloudFormation() throws Exception {
        try (MotoServer moto = MotoServer.start()) {
            String endpoint = moto.endpoint();
            try (CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
                // The template's two parameters and its topic output; String, not CommaDelimitedList as in
                // infra/template.yaml, because moto 5.2 returns a list's value as a Python repr
                // ("['arn:…']") where CloudFormation returns the comma-separated text.
                cfn.createStack(b -> b.stackName("patrol").templateBody("""
                        Parameters:
                          WatchedBuckets: {Type: String, Default: "arn:aws:s3:::patrol-none"}
                          WatchedObjects: {Type: String, Default: "arn:aws:s3:::patrol-none/*"}
                        Resources:
                          AlertsTopic:
                            Type: AWS::SNS::Topic
                            Properties: {TopicName: patrol-alerts}
                        Outputs:
                          AlertsTopicArn: {Value: {Ref: AlertsTopic}}
                        """).parameters(
                        Parameter.builder().parameterKey("WatchedBuckets").parameterValue("arn:aws:s3:::acme-backups").build(),
                        Parameter.builder().parameterKey("WatchedObjects").parameterValue("arn:aws:s3:::acme-backups/*").build()));
            }
            config("aws:\n  region: us-east-1\n  endpoint: " + endpoint + "\n");
            PatrolProcess.Result r = PatrolProcess.run(dir, NO_AWS, "config", "validate", "--stack", "patrol");
            assertThat(r.exit()).isZero();
            // The stack's own topic (its output) and the watched bucket pass; the extra secret is not granted.
            assertThat(r.err()).doesNotContain("alerts.sns").doesNotContain("backups[0]")
                    .contains("patrol.yml:15: secrets.repos[0].token: the deployed roles may not read the secret \"acme/github-token\"");
            assertThat(r.out()).contains("1 of 3 AWS reference(s)");

            PatrolProcess.Result missing = PatrolProcess.run(dir, NO_AWS, "config", "validate", "--stack", "nope");
            assertThat(missing.exit()).isEqualTo(3);
            assertThat(missing.err()).contains("cannot read the stack nope").contains("check its name").doesNotContain("Exception");
        }
    }
}
