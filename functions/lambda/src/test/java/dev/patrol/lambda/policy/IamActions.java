package dev.patrol.lambda.policy;

import java.util.Map;
import java.util.Set;

/**
 * The IAM actions an SDK operation needs. Most are {@code <service>:<Operation>};
 * the exceptions below are where AWS names the permission differently (from the
 * Service Authorization Reference). An operation missing here that does not
 * follow the rule makes the policy test demand the wrong action, and the deploy
 * fail on AccessDenied: add it here.
 */
final class IamActions {
    private static final Map<String, String> PREFIX = Map.of("dynamodb", "dynamodb", "secretsmanager", "secretsmanager");

    private static final Map<String, Set<String>> EXCEPTIONS = Map.ofEntries(
            Map.entry("s3:ListObjectsV2", Set.of("s3:ListBucket")),
            Map.entry("s3:ListObjects", Set.of("s3:ListBucket")),
            Map.entry("s3:HeadObject", Set.of("s3:GetObject")),
            Map.entry("s3:HeadBucket", Set.of("s3:ListBucket")),
            Map.entry("s3:ListObjectVersions", Set.of("s3:ListBucketVersions")),
            Map.entry("s3:GetBucketEncryption", Set.of("s3:GetEncryptionConfiguration")),
            Map.entry("s3:GetPublicAccessBlock", Set.of("s3:GetBucketPublicAccessBlock")),
            Map.entry("s3:GetObjectLockConfiguration", Set.of("s3:GetBucketObjectLockConfiguration")),
            Map.entry("s3:GetBucketLifecycleConfiguration", Set.of("s3:GetLifecycleConfiguration")),
            Map.entry("s3:GetObjectAttributes", Set.of("s3:GetObject", "s3:GetObjectAttributes")),
            Map.entry("s3:CreateMultipartUpload", Set.of("s3:PutObject")),
            Map.entry("s3:UploadPart", Set.of("s3:PutObject")),
            Map.entry("s3:CompleteMultipartUpload", Set.of("s3:PutObject")),
            Map.entry("s3:DeleteObjects", Set.of("s3:DeleteObject")),
            Map.entry("sqs:SendMessageBatch", Set.of("sqs:SendMessage")),
            Map.entry("sqs:DeleteMessageBatch", Set.of("sqs:DeleteMessage")),
            Map.entry("sqs:ChangeMessageVisibilityBatch", Set.of("sqs:ChangeMessageVisibility")),
            Map.entry("ssm:GetParametersByPath", Set.of("ssm:GetParametersByPath")),
            // A transaction needs the permission of each action inside it; Patrol's state writes put and delete.
            Map.entry("dynamodb:TransactWriteItems", Set.of("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem")),
            Map.entry("dynamodb:BatchWriteItem", Set.of("dynamodb:BatchWriteItem")));

    private IamActions() {
    }

    static Set<String> of(SdkCallGraph.Operation op) {
        String action = PREFIX.getOrDefault(op.service(), op.service()) + ":" + op.name();
        return EXCEPTIONS.getOrDefault(action, Set.of(action));
    }
}
