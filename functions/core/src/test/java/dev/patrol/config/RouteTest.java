package dev.patrol.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {
    @Test
    void an_alert_of_a_target_without_an_owner_passes_an_owner_route_by_and_takes_the_next_or_the_default() {
        AlertsConfig alerts = ConfigLoader.parse("""
                alerts:
                  file: alerts.jsonl
                  channels: { dba: { file: dba.jsonl }, ops: { file: ops.jsonl } }
                  routes:
                    - { name: dba, match: { owner: [dba] }, channels: [dba] }
                    - { name: p0, match: { severity: [P0] }, channels: [ops] }
                health:
                  endpoints:
                    - { name: orders-db, url: "https://db.example.com/health", owner: dba }
                    - { name: web, url: "https://web.example.com/health" }
                """, "patrol.yml", Path.of("/srv/patrol")).alerts();

        assertThat(alerts.channelsFor("health", "orders-db", "P2", "dba", false)).containsExactly("dba");
        assertThat(alerts.channelsFor("health", "web", "P2", null, false)).as("no owner: not the dba route").containsExactly("file");
        assertThat(alerts.channelsFor("health", "web", "P0", null, false)).containsExactly("ops");
        assertThat(new Route("r", List.of(), List.of(), List.of(), List.of("dba"), List.of("dba"), false).matches("health", "web", "P2", null)).isFalse();
    }
}
