package dev.patrol.health;

import dev.patrol.config.HealthConfig.Dns;
import dev.patrol.pipeline.Observation;
import dev.patrol.time.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A name must resolve, through the resolver the service's clients use (the system's: hosts file, then DNS),
 * and, when addresses are expected, to at least one of them.
 */
public final class DnsCheck {
    private static final java.util.concurrent.ExecutorService LOOKUPS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private DnsCheck() {}

    public static Observation evaluate(Dns dns) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host", dns.host());
        if (!dns.expect().isEmpty()) details.put("expect", dns.expect());
        // The JDK's lookup has no deadline of its own: a resolver that never answers fails at the timeout.
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(dns.host());
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, LOOKUPS);
        List<String> answers;
        try {
            answers = Arrays.stream(lookup.get(dns.timeout().toMillis(), TimeUnit.MILLISECONDS)).map(InetAddress::getHostAddress).toList();
        } catch (TimeoutException e) {
            lookup.cancel(true);
            return Observation.fail("no answer resolving " + dns.host() + " within " + Durations.format(dns.timeout()), details);
        } catch (ExecutionException e) {
            return Observation.fail(dns.host() + " does not resolve (no such name, or no DNS answer)", details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observation.error("check interrupted", details);
        }
        details.put("answers", answers);
        if (!dns.expect().isEmpty() && answers.stream().noneMatch(a -> dns.expect().stream().anyMatch(x -> same(x, a)))) {
            return Observation.fail(dns.host() + " resolves to " + String.join(", ", answers) + ", none of the expected "
                    + String.join(", ", dns.expect()), details);
        }
        return Observation.ok(dns.host() + " resolves to " + String.join(", ", answers), details);
    }

    /** 2001:db8::1 and 2001:db8:0:0:0:0:0:1 are one address. */
    private static boolean same(String expected, String answer) {
        try {
            return InetAddress.getByName(expected).equals(InetAddress.getByName(answer));
        } catch (UnknownHostException e) {
            return expected.equalsIgnoreCase(answer);
        }
    }
}
