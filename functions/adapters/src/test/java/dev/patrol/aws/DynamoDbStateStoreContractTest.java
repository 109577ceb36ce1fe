package dev.patrol.aws;

import dev.patrol.state.StateStore;
import dev.patrol.state.StateStoreContract;
import dev.patrol.time.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The same promises the in-memory store keeps, checked against DynamoDB Local over
 * HTTP: the pipeline's unit tests use the in-memory store, so the two must agree.
 */
@ExtendWith({DynamoDbLocal.Extension.class, DynamoDbStateStoreContractTest.Server.class})
class DynamoDbStateStoreContractTest extends StateStoreContract {
    private static DynamoDbLocal db;

    @Override
    protected StateStore newStore(MutableClock clock) {
        DynamoDbStateStore store = new DynamoDbStateStore(db.clients().dynamoDb(), db.newTable(), clock);
        return store;
    }

    /** Hands the shared server to the static field before the contract's @BeforeEach builds a store. */
    static final class Server implements org.junit.jupiter.api.extension.BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            db = DynamoDbLocal.Extension.shared(context);
        }
    }
}
