package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.SecretValue;
import dev.patrol.jobs.JobCatalog;
import dev.patrol.pipeline.Progress;
import dev.patrol.pipeline.RunContext;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.state.Keys;
import dev.patrol.storage.ObjectStores;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A Lambda timeout kills the invocation without running any of its code, so a run
 * must let go of its lease before its deadline: the next invocation of the job then
 * works at once instead of finding the job locked.
 */
class LeaseDeadlineTest {
    @TempDir
    Path dir;

    @Test
    void aRunReleasesItsLeaseBeforeTheInvocationsDeadline() throws Exception {
        HttpServer hanging = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        hanging.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        hanging.createContext("/", ex -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException ignored) {
                ex.close();
            }
        });
        hanging.start();
        try {
            var config = ConfigLoader.parse("""
                    health:
                      endpoints:
                        - { name: slow, url: "http://127.0.0.1:%d/", timeout: 4s }
                    """.formatted(hanging.getAddress().getPort()), "patrol.yml", dir);
            InMemoryStateStore state = new InMemoryStateStore(Clock.systemUTC());
            PipelineRuntime runtime = new PipelineRuntime(new RunContext(config, state, new ObjectStores(List.of()), SecretValue::raw,
                    Clock.systemUTC(), Progress.NONE), Map.of(), JobCatalog.standard());
            // 10.8 s left: the margin is 10 s, so the lease must go within about 0.8 s, long before the 4 s check ends.
            Invocation invocation = new Invocation("req-1", Duration.ofMillis(10_800));

            CompletableFuture<JsonNode> run = CompletableFuture.supplyAsync(
                    () -> runtime.run("health", List.of(), invocation.releaseBy(Clock.systemUTC().instant())));
            long until = System.nanoTime() + 3_000_000_000L;
            boolean sawLease = false;
            while (System.nanoTime() < until && !run.isDone()) {
                boolean held = state.get(Keys.LEASES, "health").isPresent();
                sawLease |= held;
                if (sawLease && !held) break;
                Thread.sleep(20);
            }

            assertThat(sawLease).as("the run took the lease").isTrue();
            assertThat(run.isDone()).as("the check is still running").isFalse();
            assertThat(state.get(Keys.LEASES, "health")).as("the lease is gone before the deadline").isEmpty();
            assertThat(run.get().path("results").get(0).path("status").asString()).isEqualTo("fail");
        } finally {
            hanging.stop(0);
        }
    }
}
