package dev.patrol.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `config validate --stack` warns about: each reference the template's grants would refuse, and none they allow. */
class DeployedGrantsTest {
    private static final String CONFIG = """
            alerts:
              slack:
                webhookUrl: "secretsmanager:patrol/slack-webhook"
              sns:
                topicArn: arn:aws:sns:eu-west-1:123456789012:ops-pager
            health:
              endpoints:
                - name: api
                  url: https://api.example.com/health
                  headers:
                    Authorization: "ssm:/acme/api-token"
              freshness:
                - name: export
                  object: s3://acme-exports/daily/{yyyy}-{MM}-{dd}.csv
            backups:
              - name: db
                location: s3://acme-backups/pg/
                pattern: "db-{yyyyMMdd}.dump"
            secrets:
              repos:
                - url: https://github.com/acme/api.git
                  token: "secretsmanager:acme/github-token#token"
            """;

    private final List<AwsReference> refs = AwsReference.in(CONFIG, "patrol.yml");

    @Test
    void findsEveryAwsReferenceWithItsLine() {
        assertThat(refs).extracting(r -> r.kind() + " " + r.name() + " @" + r.line()).containsExactly(
                "SECRET patrol/slack-webhook @3",
                "TOPIC arn:aws:sns:eu-west-1:123456789012:ops-pager @5",
                "PARAMETER /acme/api-token @11",
                "OBJECT acme-exports/daily/{yyyy}-{MM}-{dd}.csv @14",
                "OBJECT acme-backups/pg/ @17",
                "SECRET acme/github-token @22");
    }

    @Test
    void theDefaultParametersRefuseEverythingButTheStacksOwnSecret() {
        List<String> refused = DeployedGrants.from(Map.of(), Map.of()).refusals(refs, "patrol.yml");
        assertThat(refused).hasSize(5);
        assertThat(refused).anySatisfy(w -> assertThat(w).startsWith("patrol.yml:5: alerts.sns.topicArn: ").contains("TopicArns"));
        assertThat(refused).anySatisfy(w -> assertThat(w).startsWith("patrol.yml:11: ").contains("ParameterArns"));
        assertThat(refused).anySatisfy(w -> assertThat(w).startsWith("patrol.yml:17: ").contains("add arn:aws:s3:::acme-backups to WatchedBuckets"));
        assertThat(refused).anySatisfy(w -> assertThat(w).startsWith("patrol.yml:22: secrets.repos[0].token: ")
                .contains("may not read the secret \"acme/github-token\"").contains("SecretArns"));
        assertThat(String.join("\n", refused)).doesNotContain("slack-webhook");
    }

    @Test
    void parametersThatGrantEachReferenceSilenceItsWarning() {
        DeployedGrants grants = DeployedGrants.from(Map.of(
                "SecretArns", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/github-token-Ab12Cd",
                "ParameterArns", "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/*",
                "TopicArns", "arn:aws:sns:eu-west-1:123456789012:ops-*",
                "WatchedBuckets", "arn:aws:s3:::acme-exports,arn:aws:s3:::acme-backups",
                "WatchedObjects", "arn:aws:s3:::acme-exports/daily/*,arn:aws:s3:::acme-backups/pg/*"), Map.of());
        assertThat(grants.refusals(refs, "patrol.yml")).isEmpty();
    }

    @Test
    void aBucketGrantedWithoutItsObjectsIsNamedAsSuch() {
        DeployedGrants grants = DeployedGrants.from(Map.of(
                "WatchedBuckets", "arn:aws:s3:::acme-backups", "WatchedObjects", "arn:aws:s3:::acme-backups/mysql/*"), Map.of());
        List<AwsReference> one = refs.stream().filter(r -> r.line() == 17).toList();
        assertThat(grants.refusals(one, "patrol.yml")).singleElement().asString()
                .contains("may list the bucket acme-backups but not read acme-backups/pg/");
    }

    @Test
    void theStacksOwnTopicAndReportsPrefixAreAllowedOnlyAsDeployed() {
        DeployedGrants grants = DeployedGrants.from(Map.of(), Map.of(
                "AlertsTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops-pager", "ReportsBucketName", "patrol-reports-1"));
        List<AwsReference> reports = AwsReference.in("""
                alerts:
                  sns:
                    topicArn: arn:aws:sns:eu-west-1:123456789012:ops-pager
                reports:
                  output: s3://patrol-reports-1/reports/
                  archive: s3://patrol-reports-1/elsewhere/
                """, "patrol.yml");
        assertThat(grants.refusals(reports, "patrol.yml")).singleElement().asString()
                .startsWith("patrol.yml:6: reports.archive: ").contains("only under reports/");
    }
}
