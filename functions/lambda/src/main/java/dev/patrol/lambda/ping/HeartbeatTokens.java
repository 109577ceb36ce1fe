package dev.patrol.lambda.ping;

import dev.patrol.config.HealthConfig.Heartbeat;
import dev.patrol.config.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a ping's token against its heartbeat's, in constant time.
 *
 * <p>Both sides are hashed first, so {@link MessageDigest#isEqual} compares two
 * 32-byte digests and the time taken says nothing about the token's length or
 * its first wrong character. An unknown heartbeat, or one without a token, is
 * compared against a random digest, so a caller cannot tell it from a wrong token.
 * Resolved tokens are kept as digests only, once per container.
 */
public final class HeartbeatTokens {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTokens.class);

    private final Map<String, Heartbeat> heartbeats;
    private final SecretResolver resolver;
    private final Map<String, byte[]> digests = new ConcurrentHashMap<>();
    private final byte[] nobody = new byte[32];

    public HeartbeatTokens(List<Heartbeat> heartbeats, SecretResolver resolver) {
        this.heartbeats = heartbeats.stream().collect(Collectors.toUnmodifiableMap(Heartbeat::name, Function.identity()));
        this.resolver = resolver;
        new SecureRandom().nextBytes(nobody);
    }

    /** True only when {@code name} is a heartbeat with a token and {@code presented} is that token. */
    public boolean accepts(String name, String presented) {
        byte[] expected = expected(name);
        boolean equal = MessageDigest.isEqual(expected == null ? nobody : expected, sha256(presented));
        return equal && expected != null;
    }

    private byte[] expected(String name) {
        Heartbeat heartbeat = heartbeats.get(name);
        if (heartbeat == null) return null;
        if (heartbeat.token() == null) {
            log.warn("heartbeat {} has no token: pings over the function URL are refused", name);
            return null;
        }
        return digests.computeIfAbsent(name, n -> sha256(heartbeat.token().resolve(resolver)));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
