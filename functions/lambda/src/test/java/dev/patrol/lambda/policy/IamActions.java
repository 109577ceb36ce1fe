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
    /**
     * Operation = the IAM actions it needs, where they differ from the operation's name.
     * A transaction needs the permission of each action inside it: Patrol's state writes put and delete.
     */
    private static final String EXCEPTION_TABLE = """
            s3:ListObjectsV2 = s3:ListBucket
            s3:ListObjects = s3:ListBucket
            s3:HeadObject = s3:GetObject
            s3:HeadBucket = s3:ListBucket
            s3:ListObjectVersions = s3:ListBucketVersions
            s3:GetBucketEncryption = s3:GetEncryptionConfiguration
            s3:GetPublicAccessBlock = s3:GetBucketPublicAccessBlock
            s3:GetObjectLockConfiguration = s3:GetBucketObjectLockConfiguration
            s3:GetBucketLifecycleConfiguration = s3:GetLifecycleConfiguration
            s3:GetObjectAttributes = s3:GetObject s3:GetObjectAttributes
            s3:CreateMultipartUpload = s3:PutObject
            s3:UploadPart = s3:PutObject
            s3:CompleteMultipartUpload = s3:PutObject
            s3:DeleteObjects = s3:DeleteObject
            sqs:SendMessageBatch = sqs:SendMessage
            sqs:DeleteMessageBatch = sqs:DeleteMessage
            sqs:ChangeMessageVisibilityBatch = sqs:ChangeMessageVisibility
            dynamodb:TransactWriteItems = dynamodb:PutItem dynamodb:DeleteItem
            """;

    private static final Map<String, Set<String>> EXCEPTIONS = EXCEPTION_TABLE.lines()
            .map(line -> line.split("="))
            .collect(java.util.stream.Collectors.toUnmodifiableMap(
                    parts -> parts[0].trim(), parts -> Set.of(parts[1].trim().split("\\s+"))));

    private IamActions() {
    }

    static Set<String> of(SdkCallGraph.Operation op) {
        String action = op.service() + ":" + op.name();
        return EXCEPTIONS.getOrDefault(action, Set.of(action));
    }
}
