package dev.patrol.aws;

import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import dev.patrol.state.StateUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Patrol's state in one DynamoDB table: {@code pk} (S) and {@code sk} (S) as keys,
 * {@code version} (N), {@code data} (S, a JSON document) and the TTL attribute
 * {@code expiresAt} (N, epoch seconds). The same code serves real DynamoDB and
 * DynamoDB Local (embedded state).
 *
 * <p>Reads are strongly consistent: a job reads what it wrote a moment earlier
 * (leases, the outbox), and the table is small. DynamoDB's TTL sweep deletes
 * expired items only eventually, so reads leave out items whose {@code expiresAt}
 * has passed, and {@link Expect.AbsentOrExpired} treats them as gone.
 *
 * <p>{@code expiresAt} is stored in whole seconds, as TTL requires, rounded up: an
 * item never expires earlier than asked (a lease is never released early). Items
 * read back carry the rounded time.
 */
public final class DynamoDbStateStore implements StateStore {

    /** DynamoDB's limit of items in one TransactWriteItems call. */
    public static final int MAX_BATCH = 100;

    private static final String PK = "pk", SK = "sk", VERSION = "version", DATA = "data", EXPIRES_AT = "expiresAt";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    /**
     * @param client from {@link AwsClients#dynamoDb()}; not closed by this store
     * @param table  the table name ({@code state.table} in patrol.yml)
     * @param clock  decides which items have expired
     */
    public DynamoDbStateStore(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DynamoDbStateStore(DynamoDbClient client, String table) {
        this(client, table, Clock.systemUTC());
    }

    /** A store on {@code table} in AWS ({@code endpoint} null) or at an endpoint override; region may be null. */
    public static DynamoDbStateStore create(String table, String region, String endpoint) {
        return new DynamoDbStateStore(AwsClients.create(region, endpoint).dynamoDb(), table);
    }

    public String table() {
        return table;
    }

    @Override
    public Optional<StateItem> get(String pk, String sk) {
        var response = call("read " + pk + " / " + sk, () ->
                client.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true)));
        if (!response.hasItem() || response.item().isEmpty()) return Optional.empty();
        StateItem item = fromAttributes(response.item());
        return item.expiredAt(clock.instant()) ? Optional.empty() : Optional.of(item);
    }

    @Override
    public List<StateItem> query(String pk, String skPrefix) {
        Instant now = clock.instant();
        List<StateItem> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true);
            if (skPrefix.isEmpty()) {
                // DynamoDB refuses an empty string as a key value, even in begins_with.
                request.keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(pk)));
            } else {
                request.keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(skPrefix)));
            }
            if (startKey != null) request.exclusiveStartKey(startKey);
            QueryResponse page = call("query " + pk + " / " + skPrefix + "*", () -> client.query(request.build()));
            for (Map<String, AttributeValue> attributes : page.items()) {
                StateItem item = fromAttributes(attributes);
                if (!item.expiredAt(now)) items.add(item);
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }

    @Override
    public StateItem put(StateItem item, Expect expect) {
        StateItem stored = toStored(item);
        Condition condition = Condition.of(expect);
        try {
            call("write " + item.pk() + " / " + item.sk(), () -> client.putItem(b -> {
                b.tableName(table).item(toAttributes(stored));
                condition.applyTo(b::conditionExpression, b::expressionAttributeNames, b::expressionAttributeValues);
            }));
        } catch (ConditionalCheckFailedException e) {
            throw new ConditionFailedException(item.pk(), item.sk());
        }
        return stored;
    }

    @Override
    public void delete(String pk, String sk, Expect expect) {
        Condition condition = Condition.of(expect);
        try {
            call("delete " + pk + " / " + sk, () -> client.deleteItem(b -> {
                b.tableName(table).key(key(pk, sk));
                condition.applyTo(b::conditionExpression, b::expressionAttributeNames, b::expressionAttributeValues);
            }));
        } catch (ConditionalCheckFailedException e) {
            throw new ConditionFailedException(pk, sk);
        }
    }

    /**
     * One DynamoDB transaction. More than {@value #MAX_BATCH} writes, or two writes
     * of the same item, are refused with {@link IllegalArgumentException}: DynamoDB
     * could not make them all-or-nothing, and splitting them would silently break
     * the promise of this method.
     */
    @Override
    public void putAll(List<Write> writes) {
        if (writes.isEmpty()) return;
        if (writes.size() > MAX_BATCH) {
            throw new IllegalArgumentException("putAll of " + writes.size() + " writes: DynamoDB transactions take at most "
                    + MAX_BATCH + "; split the work into batches that may commit separately");
        }
        Set<String> keys = new HashSet<>();
        List<TransactWriteItem> items = new ArrayList<>(writes.size());
        for (Write write : writes) {
            StateItem item = write.item();
            if (!keys.add(item.pk() + "\u0000" + item.sk())) {
                throw new IllegalArgumentException("putAll writes " + item.pk() + " / " + item.sk()
                        + " twice; a DynamoDB transaction may touch each item once");
            }
            items.add(toTransactItem(write));
        }
        try {
            call("write " + writes.size() + " items at once", () -> client.transactWriteItems(b -> b.transactItems(items)));
        } catch (TransactionCanceledException e) {
            throw fromCancelled(e, writes);
        }
    }

    private TransactWriteItem toTransactItem(Write write) {
        StateItem item = write.item();
        Condition condition = Condition.of(write.expect());
        if (write.delete()) {
            Delete.Builder delete = Delete.builder().tableName(table).key(key(item.pk(), item.sk()));
            condition.applyTo(delete::conditionExpression, delete::expressionAttributeNames, delete::expressionAttributeValues);
            return TransactWriteItem.builder().delete(delete.build()).build();
        }
        Put.Builder put = Put.builder().tableName(table).item(toAttributes(toStored(item)));
        condition.applyTo(put::conditionExpression, put::expressionAttributeNames, put::expressionAttributeValues);
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /**
     * A cancelled transaction lists one reason per write, in order. A failed
     * condition names its item. A TransactionConflict (another writer touched
     * the same item at that moment) is, to the caller, a lost race too.
     */
    private RuntimeException fromCancelled(TransactionCanceledException e, List<Write> writes) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        for (int i = 0; i < reasons.size() && i < writes.size(); i++) {
            String code = reasons.get(i).code();
            if ("ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code)) {
                return new ConditionFailedException(writes.get(i).item().pk(), writes.get(i).item().sk());
            }
        }
        return unavailable("write " + writes.size() + " items at once", e);
    }

    /**
     * Creates the table (on-demand billing, TTL on {@code expiresAt}) unless it
     * exists. Used for embedded state; in AWS the infra template creates it.
     * Safe when two processes race to create it.
     */
    public void createTableIfMissing() {
        try {
            client.describeTable(b -> b.tableName(table));
            return;
        } catch (ResourceNotFoundException missing) {
            // create it below
        } catch (SdkException e) {
            throw unavailable("look up the table", e);
        }
        try {
            client.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException raced) {
            // another process created it first: fine, wait for it below
        } catch (SdkException e) {
            throw unavailable("create the table", e);
        }
        try {
            client.waiter().waitUntilTableExists(b -> b.tableName(table));
            client.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
        } catch (SdkException e) {
            // Two creators both enable TTL; the second is told it is already on.
            if (!(e.getMessage() != null && e.getMessage().contains("TimeToLive is already enabled"))) {
                throw unavailable("enable TTL on the table", e);
            }
        }
    }

    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            throw e; // the callers turn these into ConditionFailedException
        } catch (SdkException e) {
            throw unavailable(what, e);
        }
    }

    /** What failed, where, and what to do about it: this is what `patrol` prints before exiting 3. */
    private StateUnavailableException unavailable(String what, SdkException e) {
        String where = "DynamoDB table '" + table + "' (" + AwsErrors.where(client) + ")";
        String fix;
        if (e instanceof ResourceNotFoundException) {
            fix = "the table does not exist there: deploy infra/ or fix state.table and aws.region in patrol.yml"
                    + " (leave state.table out for embedded local state)";
        } else if (AwsErrors.isAccessDenied(e)) {
            fix = "the credentials in use may not do this: grant dynamodb:GetItem, Query, PutItem, DeleteItem and"
                    + " TransactWriteItems on the table to the role or user, or use other credentials";
        } else if (AwsErrors.isClientSide(e)) {
            fix = "check the network, aws.endpoint and aws.region in patrol.yml, and AWS credentials";
        } else {
            fix = "DynamoDB refused the request; try again, and check the table's state in the AWS console";
        }
        return new StateUnavailableException(
                "state store unavailable: could not " + what + " in " + where + ": " + AwsErrors.reason(e) + "; " + fix, e);
    }

    private static StateItem toStored(StateItem item) {
        return new StateItem(item.pk(), item.sk(), item.version() + 1, item.data(), roundUp(item.expiresAt()));
    }

    private static Instant roundUp(Instant t) {
        if (t == null) return null;
        return t.getNano() == 0 ? t : Instant.ofEpochSecond(t.getEpochSecond() + 1);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    private static Map<String, AttributeValue> toAttributes(StateItem item) {
        Map<String, AttributeValue> attributes = new HashMap<>();
        attributes.put(PK, s(item.pk()));
        attributes.put(SK, s(item.sk()));
        attributes.put(VERSION, n(item.version()));
        attributes.put(DATA, s(item.data()));
        if (item.expiresAt() != null) attributes.put(EXPIRES_AT, n(item.expiresAt().getEpochSecond()));
        return attributes;
    }

    private static StateItem fromAttributes(Map<String, AttributeValue> a) {
        AttributeValue version = a.get(VERSION), data = a.get(DATA), expiresAt = a.get(EXPIRES_AT);
        return new StateItem(
                a.get(PK).s(),
                a.get(SK).s(),
                version == null ? 0 : Long.parseLong(version.n()),
                data == null || data.s() == null ? "" : data.s(),
                expiresAt == null || expiresAt.n() == null ? null : Instant.ofEpochSecond(Long.parseLong(expiresAt.n())));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    /** The condition expression for one {@link Expect}; names go through placeholders since DATA is a reserved word. */
    private record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        static final Condition NONE = new Condition(null, Map.of(), Map.of());

        static Condition of(Expect expect) {
            return switch (expect) {
                case Expect.Anything a -> NONE;
                case Expect.Absent a -> new Condition("attribute_not_exists(#pk)", Map.of("#pk", PK), Map.of());
                case Expect.Version v -> new Condition("#version = :version",
                        Map.of("#version", VERSION), Map.of(":version", n(v.version())));
                // An item expires at its expiresAt second (StateItem#expiredAt: expiresAt <= now),
                // so "expiresAt <= now, in whole seconds" matches the readers exactly.
                case Expect.AbsentOrExpired e -> new Condition("attribute_not_exists(#pk) OR #expiresAt <= :now",
                        Map.of("#pk", PK, "#expiresAt", EXPIRES_AT),
                        Map.of(":now", n(e.now().getEpochSecond())));
            };
        }

        void applyTo(Consumer<String> expression,
                     Consumer<Map<String, String>> names,
                     Consumer<Map<String, AttributeValue>> values) {
            if (this.expression == null) return;
            expression.accept(this.expression);
            names.accept(this.names);
            if (!this.values.isEmpty()) values.accept(this.values);
        }
    }
}
