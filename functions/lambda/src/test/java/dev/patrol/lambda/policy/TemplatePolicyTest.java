package dev.patrol.lambda.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.lambda.PatrolFunctions;
import dev.patrol.lambda.policy.SdkCallGraph.MethodRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads infra/template.yaml and holds it to the code: every function it deploys
 * is a bean of the artifact, and every role allows exactly what its function's
 * code can call (from {@link SdkCallGraph}), plus what Lambda does on the
 * function's behalf. Adding an SDK call without its permission fails here, and
 * so does a permission nothing uses.
 *
 * <p>Statements whose Sid starts with {@code Platform} are what Lambda itself does
 * with the role (checked against {@link #PLATFORM}); every other one must be
 * needed by the function's code.
 */
class TemplatePolicyTest {
    static final Path TEMPLATE = Path.of("../../infra/template.yaml");
    static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";
    /** What Lambda itself does with a function's role: write its logs; poll the queue of an SQS event source. */
    static final Set<String> PLATFORM = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
    static final Set<String> SQS_EVENT_SOURCE = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
            "sqs:ChangeMessageVisibility");

    static JsonNode template;
    static Map<String, Object> beans;
    static SdkCallGraph graph;

    @BeforeAll
    static void read() throws Exception {
        template = YAMLMapper.shared().readTree(Files.readString(TEMPLATE));
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            new PatrolFunctions().initialize(context);
            context.refresh();
            beans = new TreeMap<>();
            context.getBeansOfType(FunctionRegistration.class).forEach((name, r) -> beans.put(name, r.getTarget()));
        }
        graph = SdkCallGraph.of(SdkCallGraph.patrolClassPath());
    }

    @Test
    void everyFunctionOfTheTemplateIsABeanOfTheArtifactAndEveryBeanIsDeployed() throws Exception {
        JsonNode globals = template.path("Globals").path("Function");
        assertThat(globals.path("Handler").asString()).isEqualTo(HANDLER);
        assertThat(Class.forName(globals.path("Environment").path("Variables").path("MAIN_CLASS").asString()))
                .isEqualTo(PatrolFunctions.class);
        Set<String> deployed = new TreeSet<>(functions(template).keySet());
        assertThat(deployed).isEqualTo(beans.keySet());
    }

    @Test
    void noRoleGrantsAWildcardActionOrResource() {
        template.path("Resources").properties().forEach(resource -> {
            if (!resource.getValue().path("Type").asString().equals("AWS::IAM::Role")) return;
            for (JsonNode statement : statements(resource.getValue())) {
                assertThat(strings(statement.path("Action"))).as(resource.getKey()).noneMatch(a -> a.contains("*"));
                if (statement.path("Effect").asString().equals("Allow")) {
                    assertThat(strings(statement.path("Resource"))).as(resource.getKey()).doesNotContain("*");
                }
            }
        });
    }

    @Test
    void everyRoleAllowsExactlyWhatItsFunctionsCodeCalls() {
        assertThat(problems(template)).isEmpty();
    }

    @Test
    void aRoleWithoutAPermissionItsCodeNeedsIsCaught() {
        JsonNode edited = template.deepCopy();
        var statements = (tools.jackson.databind.node.ArrayNode) edited.path("Resources").path("HealthRole").path("Properties")
                .path("Policies").path(0).path("PolicyDocument").path("Statement");
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).path("Sid").asString().equals("SendFanOutBatches")) statements.remove(i);
        }

        assertThat(problems(edited)).anyMatch(p -> p.startsWith("health: code calls sqs:SendMessage on fan-out queue but the role does not allow it")
                && p.contains("JobFunction.handle"));
    }

    /**
     * What is wrong with the roles of {@code template}, one line each: every (action, resource)
     * its code needs must be granted, and every (action, resource) granted must be needed. A
     * pair is an IAM action and the kind of resource it acts on ({@link ResourceKinds}): the
     * state table, the watched objects, ... so s3:GetObject granted on the config object does
     * not cover s3:GetObject on a watched backup.
     */
    static List<String> problems(JsonNode template) {
        List<String> problems = new ArrayList<>();
        functions(template).forEach((definition, function) -> {
            JsonNode role = role(template, function);
            Map<String, String> needed = pairsNeeded(definition, problems);
            Set<String> granted = new TreeSet<>();
            Set<String> platform = new TreeSet<>();
            for (JsonNode statement : statements(role)) {
                boolean forLambda = statement.path("Sid").asString("").startsWith("Platform");
                Set<String> kinds = ResourceKinds.ofResource(statement.path("Resource"));
                for (String action : strings(statement.path("Action"))) {
                    if (forLambda) platform.add(action);
                    else kinds.forEach(kind -> granted.add(action + " on " + kind));
                }
            }
            needed.forEach((pair, path) -> {
                if (!granted.contains(pair)) {
                    String action = pair.substring(0, pair.indexOf(" on "));
                    problems.add(definition + ": code calls " + pair + " but the role does not allow it" + (granted.stream()
                            .anyMatch(g -> g.startsWith(action + " on ")) ? " there" : "") + " (" + path + ")");
                }
            });
            for (String pair : granted) {
                if (!needed.containsKey(pair)) problems.add(definition + ": role allows " + pair + " but no code of it calls that");
            }
            Set<String> platformAllowed = new TreeSet<>(PLATFORM);
            if (function.path("Properties").path("Events").toString().contains("\"SQS\"")) platformAllowed.addAll(SQS_EVENT_SOURCE);
            if (!platformAllowed.containsAll(platform)) problems.add(definition + ": Platform statements allow more than Lambda needs: " + platform);
        });
        return problems;
    }

    /**
     * "action on kind" → one call path that needs it. Reading an object, a secret or a parameter
     * encrypted with a customer key needs kms:Decrypt on the key: S3, Secrets Manager and SSM ask
     * KMS on the caller's behalf, so no code calls it and it is implied by those reads.
     */
    static Map<String, String> pairsNeeded(String definition, List<String> problems) {
        Map<String, String> pairs = new TreeMap<>();
        graph.reachableCalls(roots(definition)).forEach((call, path) -> {
            assertThat(call.operation().exists()).as("SDK call the policy test cannot map to an operation: " + call + " via " + path).isTrue();
            for (String action : IamActions.of(call.operation())) {
                var kind = ResourceKinds.ofCall(call, action, path);
                if (kind.isEmpty()) {
                    problems.add(definition + ": " + call + " acts on a resource ResourceKinds does not know (" + path + "): add its class there");
                    continue;
                }
                if (kind.get().equals(ResourceKinds.FOUND_CREDENTIALS)) continue;
                pairs.putIfAbsent(action + " on " + kind.get(), call + " via " + path);
            }
        });
        for (String read : List.of("s3:GetObject on watched objects", "secretsmanager:GetSecretValue on referenced secrets",
                "ssm:GetParameter on referenced parameters")) {
            if (pairs.containsKey(read)) pairs.putIfAbsent("kms:Decrypt on keys", "implied by " + read);
        }
        // The digest links its report through a presigned GET: S3 checks s3:GetObject against the role that signed it
        // when a reader follows the link, although no code of Patrol's calls GetObject there.
        if (pairs.containsKey("s3:PutObject on report outputs")) {
            pairs.putIfAbsent("s3:GetObject on report outputs", "implied by the presigned link to each report written");
        }
        return pairs;
    }

    @Test
    void anSdkCallWithoutItsPermissionIsCaught() throws Exception {
        SdkCallGraph withRogue = SdkCallGraph.of(SdkCallGraph.patrolClassPath());
        try (var in = RogueCall.class.getResourceAsStream("RogueCall.class")) {
            withRogue.read(in.readAllBytes());
        }
        Map<String, String> needed = actions(withRogue.reachable(SdkCallGraph.methodsNamed(RogueCall.class, "handle")));

        assertThat(needed).containsKey("sqs:DeleteMessage");
        assertThat(needed.get("sqs:DeleteMessage")).contains("RogueCall.handle");
    }

    @Test
    void anActionGrantedOnTheWrongResourceIsCaught() {
        // What the template did before: s3:GetObject only on config/patrol.yml, none on the watched backups.
        JsonNode edited = template.deepCopy();
        actionsOf(edited, "BackupsRole", "WatchedObjects").removeIf(a -> a.asString().equals("s3:GetObject"));

        assertThat(problems(edited)).anyMatch(p -> p.startsWith("backups: code calls s3:GetObject on watched objects but the role does not allow it there")
                && p.contains("S3ObjectStore"));
    }

    @Test
    void aBucketActionGrantedOnObjectsIsCaught() {
        JsonNode edited = template.deepCopy();
        actionsOf(edited, "HealthRole", "WatchedObjects").add("s3:ListBucket");

        assertThat(problems(edited)).contains("health: role allows s3:ListBucket on watched objects but no code of it calls that");
    }

    /** The Action list of one statement of a role, to edit in a copy of the template. */
    static tools.jackson.databind.node.ArrayNode actionsOf(JsonNode template, String role, String sid) {
        for (JsonNode s : template.path("Resources").path(role).path("Properties").path("Policies").path(0).path("PolicyDocument").path("Statement")) {
            if (s.path("Sid").asString().equals(sid)) return (tools.jackson.databind.node.ArrayNode) s.path("Action");
        }
        throw new IllegalArgumentException(role + " has no statement " + sid);
    }

    @Test
    void theGraphReachesCallsInsideAnonymousClassesAndLambdas() {
        // S3ObjectStore.list pages through ListObjectsV2 inside an anonymous Iterator that a Stream drives.
        var fromList = graph.reachable(SdkCallGraph.methodsNamed(dev.patrol.s3.S3ObjectStore.class, "list")).keySet();
        assertThat(fromList).contains(new SdkCallGraph.Operation("s3", "ListObjectsV2"));
        // stat answers HeadObject in a lambda given to the SDK, and GetObjectAttributes beneath it.
        var fromStat = graph.reachable(SdkCallGraph.methodsNamed(dev.patrol.s3.S3ObjectStore.class, "stat")).keySet();
        assertThat(fromStat).contains(new SdkCallGraph.Operation("s3", "HeadObject"), new SdkCallGraph.Operation("s3", "GetObjectAttributes"));
        assertThat(SdkCallGraph.anonymousOrLocal("dev/patrol/s3/S3ObjectStore$1")).isTrue();
        assertThat(SdkCallGraph.anonymousOrLocal("dev/patrol/s3/S3ObjectStore$Part")).isFalse();
    }

    /** IAM action → one call path that needs it, for one function definition. */
    static Map<String, String> needs(String definition) {
        return actions(graph.reachable(roots(definition)));
    }

    static List<MethodRef> roots(String definition) {
        Class<?> type = beans.get(definition).getClass();
        List<MethodRef> roots = new ArrayList<>(SdkCallGraph.methodsNamed(PatrolFunctions.class, "initialize"));
        roots.addAll(SdkCallGraph.methodsNamed(type, "handle"));
        return roots;
    }

    static Map<String, String> actions(Map<SdkCallGraph.Operation, String> operations) {
        Map<String, String> actions = new TreeMap<>();
        operations.forEach((op, path) -> {
            assertThat(op.exists()).as("SDK call the policy test cannot map to an operation: " + op + " via " + path).isTrue();
            IamActions.of(op).forEach(a -> actions.putIfAbsent(a, op + " via " + path));
        });
        return actions;
    }

    static Map<String, JsonNode> functions(JsonNode template) {
        Map<String, JsonNode> functions = new TreeMap<>();
        template.path("Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asString().equals("AWS::Serverless::Function")) {
                String definition = r.getValue().path("Properties").path("Environment").path("Variables")
                        .path("SPRING_CLOUD_FUNCTION_DEFINITION").asString();
                assertThat(definition).as(r.getKey() + " names its function").isNotBlank();
                functions.put(definition, r.getValue());
            }
        });
        return functions;
    }

    static JsonNode role(JsonNode template, JsonNode function) {
        String roleId = function.path("Properties").path("Role").path("Fn::GetAtt").path(0).asString();
        JsonNode role = template.path("Resources").path(roleId);
        assertThat(role.path("Type").asString()).as("function role " + roleId).isEqualTo("AWS::IAM::Role");
        return role;
    }

    static List<JsonNode> statements(JsonNode role) {
        List<JsonNode> statements = new ArrayList<>();
        role.path("Properties").path("Policies").forEach(p -> p.path("PolicyDocument").path("Statement").forEach(s -> {
            // An optional statement: Fn::If [condition, statement, AWS::NoValue]; checked as if its condition held.
            statements.add(s.has("Fn::If") ? s.path("Fn::If").path(1) : s);
        }));
        return statements;
    }

    static Set<String> strings(JsonNode node) {
        Set<String> values = new TreeSet<>();
        if (node.isString()) values.add(node.asString());
        node.forEach(n -> {
            if (n.isString()) values.add(n.asString());
        });
        return values;
    }

}
