package dev.patrol.lambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The template as CloudFormation receives it after the SAM transform (infra/tools/sam-transform,
 * aws-sam-translator): every function, its published version and {@code live} alias, each
 * schedule aimed at the alias, the ping URL with both of the permissions a public function URL
 * needs, and the worker's queue mapping with partial batch failures.
 */
class SamTransformTest {
    static final List<String> JOBS = List.of("Health", "Backups", "Secrets", "Report");
    static Tool python;
    static JsonNode resources;

    @BeforeAll
    static void transform() {
        Optional<Tool> found = Tool.pythonWithSam();
        assumeTrue(found.isPresent(), "aws-sam-translator not found (python3 -c 'import samtranslator'): pip install aws-sam-translator");
        python = found.get();
        resources = transformed().path("Resources");
    }

    static JsonNode transformed(String... parameters) {
        List<String> args = new ArrayList<>(List.of("infra/tools/sam-transform"));
        args.addAll(List.of(parameters));
        Tool.Result result = python.run(args, Tool.ROOT);
        assertThat(result.exit()).as(result.stderr()).isZero();
        return JsonMapper.shared().readTree(result.stdout());
    }

    static Map<String, JsonNode> ofType(JsonNode resources, String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        resources.properties().forEach(e -> {
            if (e.getValue().path("Type").asString().equals(type)) found.put(e.getKey(), e.getValue());
        });
        return found;
    }

    @Test
    void everyFunctionIsDeployedFromTheUploadedArtifactWithALiveAlias() {
        Map<String, JsonNode> functions = ofType(resources, "AWS::Lambda::Function");
        assertThat(functions.keySet()).containsExactlyInAnyOrder("HealthFunction", "BackupsFunction", "SecretsFunction",
                "ReportFunction", "PingFunction", "WorkerFunction");
        Map<String, JsonNode> aliases = ofType(resources, "AWS::Lambda::Alias");
        for (var e : functions.entrySet()) {
            JsonNode props = e.getValue().path("Properties");
            assertThat(props.path("Code").path("S3Bucket").asString()).as(e.getKey() + " code in S3").isEqualTo("patrol-artifacts");
            assertThat(props.path("Environment").path("Variables").path("XDG_CONFIG_HOME").asString()).isEqualTo("/tmp");
            assertThat(props.path("Environment").path("Variables").has("PATROL_STATE_TABLE")).isTrue();
            JsonNode alias = aliases.get(e.getKey() + "Aliaslive");
            assertThat(alias).as(e.getKey() + " alias live").isNotNull();
            assertThat(alias.path("Properties").path("FunctionName").path("Ref").asString()).isEqualTo(e.getKey());
            String version = alias.path("Properties").path("FunctionVersion").path("Fn::GetAtt").path(0).asString();
            assertThat(resources.path(version).path("Type").asString()).isEqualTo("AWS::Lambda::Version");
        }
    }

    @Test
    void eachJobRunsOnItsOwnScheduleThroughItsAlias() {
        Map<String, JsonNode> schedules = ofType(resources, "AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(JOBS.size());
        JsonNode invoke = resources.path("SchedulerRole").path("Properties").path("Policies").path(0).path("PolicyDocument")
                .path("Statement").path(0);
        for (String job : JOBS) {
            JsonNode schedule = schedules.get(job + "JobSchedule").path("Properties");
            assertThat(schedule.path("ScheduleExpression").path("Ref").asString()).isEqualTo(job + "Schedule");
            assertThat(schedule.path("Target").path("Arn").path("Ref").asString()).isEqualTo(job + "FunctionAliaslive");
            assertThat(invoke.path("Resource").toString()).contains(job + "FunctionAliaslive");
        }
    }

    @Test
    void pingHasAPublicUrlOnItsAliasWithBothPermissionsAndNoReservedConcurrencyByDefault() {
        JsonNode url = resources.path("PingFunctionUrl").path("Properties");
        assertThat(url.path("AuthType").asString()).isEqualTo("NONE");
        assertThat(url.path("TargetFunctionArn").path("Ref").asString()).isEqualTo("PingFunctionAliaslive");
        Map<String, String> actions = new TreeMap<>();
        ofType(resources, "AWS::Lambda::Permission").forEach((id, p) -> {
            if (p.path("Properties").path("FunctionName").path("Ref").asString().equals("PingFunctionAliaslive")) {
                actions.put(p.path("Properties").path("Action").asString(), p.path("Properties").path("Principal").asString());
            }
        });
        // Since October 2025 a public URL needs lambda:InvokeFunction (via the URL) besides lambda:InvokeFunctionUrl.
        assertThat(actions).containsEntry("lambda:InvokeFunctionUrl", "*").containsEntry("lambda:InvokeFunction", "*");
        assertThat(resources.path("PingFunction").path("Properties").path("ReservedConcurrentExecutions").toString())
                .contains("HasPingReservedConcurrency").contains("AWS::NoValue");
    }

    @Test
    void theWorkerReadsTheQueueThroughItsAliasAndReportsPartialFailures() {
        Map<String, JsonNode> mappings = ofType(resources, "AWS::Lambda::EventSourceMapping");
        assertThat(mappings).hasSize(1);
        JsonNode mapping = mappings.values().iterator().next().path("Properties");
        assertThat(mapping.path("FunctionName").path("Ref").asString()).isEqualTo("WorkerFunctionAliaslive");
        assertThat(mapping.path("EventSourceArn").path("Fn::GetAtt").path(0).asString()).isEqualTo("FanOutQueue");
        assertThat(mapping.path("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
    }

    @Test
    void aNewDeploymentFingerprintPublishesNewVersionsSoParameterChangesReachTheAlias() {
        String before = versionOf(resources, "SecretsFunction");
        String after = versionOf(transformed("DeploymentFingerprint=0a1b2c3d4e5f6a7b", "Runtime=java21").path("Resources"), "SecretsFunction");
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void stoppedAlarmsNotifyWhenAJobHasNoInvocationsAndStaySilentOnANewStack() {
        for (String job : JOBS) {
            JsonNode alarm = resources.path(job + "StoppedAlarm").path("Properties");
            int hours = alarm.path("Period").asInt() * alarm.path("EvaluationPeriods").asInt() / 3600;
            assertThat(alarm.path("Period").asInt()).as(job).isEqualTo(3600);
            assertThat(alarm.path("DatapointsToAlarm").asInt()).as(job).isEqualTo(alarm.path("EvaluationPeriods").asInt());
            assertThat(hours).as(job + ": hours without a run before it notifies").isEqualTo(job.equals("Health") ? 2 : 26);
            // No data is the signal; "breaching" would count the hours before the stack existed.
            assertThat(alarm.path("TreatMissingData").asString()).as(job).isEqualTo("missing");
            assertThat(alarm.path("InsufficientDataActions").toString()).as(job).contains("AlertsTopic");
        }
    }

    static String versionOf(JsonNode resources, String function) {
        return resources.path(function + "Aliaslive").path("Properties").path("FunctionVersion").path("Fn::GetAtt").path(0).asString();
    }
    @Test
    void theFunctionsThatKeepClonesGetTheirTmpSizedAndNoMoreThanSnapStartAllows() {
        for (String name : List.of("SecretsFunction", "WorkerFunction")) {
            JsonNode size = resources.path(name).path("Properties").path("EphemeralStorage").path("Size").path("Fn::If");
            assertThat(size.path(0).asString()).as(name).isEqualTo("SnapStartOn");
            assertThat(size.path(1).asInt()).as(name + ": Lambda refuses more than 512 MB of /tmp with SnapStart").isEqualTo(512);
            assertThat(size.path(2).path("Ref").asString()).as(name + " without SnapStart").isEqualTo("CloneStorageMiB");
        }
        JsonNode template = JsonMapper.shared().readTree(python.run(List.of("infra/tools/sam-transform"), Tool.ROOT).stdout());
        assertThat(template.at("/Conditions/SnapStartOn/Fn::Equals/1").asString()).isEqualTo("PublishedVersions");
        assertThat(template.at("/Parameters/CloneStorageMiB/MaxValue").asInt()).as("Lambda's /tmp limit").isEqualTo(10240);
    }
}
