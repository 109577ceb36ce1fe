package dev.patrol.lambda.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/deploy with a stand-in `aws` command on PATH (no AWS account is
 * reachable here): what it calls, in which order, and how it fails when
 * tooling or credentials are missing.
 */
class DeployScriptTest {
    static final Path SCRIPT = Path.of("../../scripts/deploy").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path bin;
    Path calls;
    Path artifact;

    @BeforeEach
    void stubs() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("calls.txt");
        artifact = Files.writeString(dir.resolve("patrol-lambda-aws.jar"), "not really a jar");
    }

    /** A fake `aws`: logs its arguments, answers like the real CLI, fails `sts` when asked to. */
    void fakeAws(boolean credentials) throws IOException {
        script("aws", """
                #!/bin/bash
                echo "aws $*" >> "%s"
                case "$1 $2" in
                  "sts get-caller-identity") %s ;;
                  "cloudformation package") out=""; while [ $# -gt 0 ]; do [ "$1" = --output-template-file ] && out=$2; shift; done; echo "packaged: {}" > "$out" ;;
                  "cloudformation deploy") echo "Waiting for changeset to be created.."; echo "Changeset created successfully. Run the following command to review changes:"; echo "aws cloudformation describe-change-set --change-set-name arn:aws:cloudformation:us-east-1:123456789012:changeSet/awscli-cloudformation-package-deploy-1/abc" ;;
                  "cloudformation describe-change-set") echo "| Add | StateTable | AWS::DynamoDB::Table |" ;;
                  *) echo "unexpected: $*" >&2; exit 1 ;;
                esac
                """.formatted(calls, credentials ? "echo 123456789012" : "echo 'Unable to locate credentials' >&2; exit 255"));
    }

    void script(String name, String text) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Run(int exit, String output) {}

    Run deploy(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().remove("PATROL_ARTIFACT_BUCKET");
        builder.environment().remove("AWS_REGION");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        Run run = deploy("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.output()).contains("scripts/deploy [options]", "--parameter KEY=VALUE", "Exit codes:")
                .doesNotContain("set -euo pipefail");
    }

    @Test
    void withoutAwsToolingItSaysWhatToInstall() throws Exception {
        Run run = deploy("--dry-run", "--artifact", artifact.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("neither the AWS SAM CLI (sam) nor the AWS CLI (aws) is installed");
    }

    @Test
    void withoutCredentialsItStopsBeforeUploadingAnything() throws Exception {
        fakeAws(false);

        Run run = deploy("--dry-run", "--artifact", artifact.toString(), "--artifact-bucket", "acme-artifacts");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("no usable AWS credentials").contains("AWS_PROFILE");
        assertThat(Files.readAllLines(calls)).containsExactly("aws sts get-caller-identity --output text --query Account");
    }

    @Test
    void aDryRunPackagesCreatesAChangeSetShowsItAndDoesNotExecuteIt() throws Exception {
        fakeAws(true);

        Run run = deploy("--dry-run", "--name", "acme", "--region", "us-east-1", "--artifact", artifact.toString(),
                "--artifact-bucket", "acme-artifacts", "--parameter", "ScheduleTimezone=America/Chicago");

        assertThat(run.exit()).as(run.output()).isZero();
        List<String> log = Files.readAllLines(calls);
        assertThat(log).hasSize(4);
        assertThat(log.get(1)).startsWith("aws cloudformation package --template-file infra/template.yaml --s3-bucket acme-artifacts");
        assertThat(log.get(2)).startsWith("aws cloudformation deploy --template-file infra/.build/packaged.yaml --stack-name patrol-acme")
                .contains("--no-execute-changeset").contains("CAPABILITY_AUTO_EXPAND")
                .contains("PatrolName=acme ScheduleTimezone=America/Chicago");
        assertThat(log.get(3)).startsWith("aws cloudformation describe-change-set --change-set-name arn:aws:cloudformation:");
        assertThat(log).noneMatch(line -> line.contains("execute-changeset --change"));
        assertThat(run.output()).contains("change set created, not executed").contains("StateTable");
    }

    @Test
    void aChangedParameterAloneChangesTheDeploymentFingerprint() throws Exception {
        fakeAws(true);
        String first = fingerprint(deploy("--dry-run", "--name", "acme", "--artifact", artifact.toString(), "--artifact-bucket", "b"));
        String same = fingerprint(deploy("--dry-run", "--name", "acme", "--artifact", artifact.toString(), "--artifact-bucket", "b"));
        String other = fingerprint(deploy("--dry-run", "--name", "acme", "--artifact", artifact.toString(), "--artifact-bucket", "b",
                "--parameter", "EnableSnapStart=None"));

        assertThat(first).matches("[0-9a-f]{16}").isEqualTo(same).isNotEqualTo(other);
    }

    String fingerprint(Run run) throws IOException {
        assertThat(run.exit()).as(run.output()).isZero();
        String deployLine = Files.readAllLines(calls).stream().filter(l -> l.startsWith("aws cloudformation deploy")).reduce((a, b) -> b).orElseThrow();
        var m = java.util.regex.Pattern.compile("DeploymentFingerprint=(\\S+)").matcher(deployLine);
        assertThat(m.find()).as(deployLine).isTrue();
        return m.group(1);
    }

    @Test
    void theAwsCliNeedsABucketForTheArtifact() throws Exception {
        fakeAws(true);

        Run run = deploy("--dry-run", "--artifact", artifact.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("--artifact-bucket");
    }
}
