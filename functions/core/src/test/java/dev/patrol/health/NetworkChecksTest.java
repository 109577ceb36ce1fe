package dev.patrol.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.config.ConfigException;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.SecretValue;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.Status;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP, DNS and TLS checks against real servers on loopback: a plain ServerSocket, a TLS server
 * with a self-signed certificate made by the JDK's keytool (valid 10 days), and an SMTP server
 * that upgrades with STARTTLS. DNS goes through the system resolver with names that need no
 * network: {@code localhost} (hosts file) and {@code .invalid} (RFC 6761: never resolves).
 */
class NetworkChecksTest {
    @TempDir
    static Path dir;
    static SSLContext serverTls;
    static final List<AutoCloseable> servers = new ArrayList<>();
    static Instant certMade;

    @BeforeAll
    static void certificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        certMade = Instant.now();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=mail.test",
                "-validity", "10", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable s : servers) s.close();
    }

    private final MutableClock clock = MutableClock.at(Instant.now().toString());

    private Observation observe(String healthYaml) {
        PatrolConfig config = ConfigLoader.parse("health:\n" + healthYaml, "patrol.yml", dir);
        InMemoryStateStore store = new InMemoryStateStore(clock);
        RunContext context = new RunContext(config, store, new ObjectStores(List.of()), SecretValue::raw, clock, null);
        HealthJob job = new HealthJob(new EndpointProbe());
        try {
            return job.observe(job.targets(context).getFirst(), context);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Accepts connections and hands each to {@code serve} on its own thread. */
    private static int serve(ServerSocket server, java.util.function.Consumer<Socket> serve) {
        servers.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            serve.accept(s);
                        } catch (Exception ignored) {
                            // the client hung up
                        }
                    });
                } catch (Exception closed) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void a_listening_port_is_up_and_a_closed_one_is_down() throws Exception {
        int open = serve(new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()), s -> { });
        Observation up = observe("  tcp:\n    - { name: db, address: \"127.0.0.1:" + open + "\", timeout: 2s }\n");
        assertThat(up.status()).isEqualTo(Status.OK);
        assertThat(up.message()).startsWith("connected to 127.0.0.1:" + open);
        assertThat(up.details()).containsEntry("connected", true);

        int closed = freePort();
        Observation down = observe("  tcp:\n    - { name: db, address: \"tcp://127.0.0.1:" + closed + "\", timeout: 2s }\n");
        assertThat(down.status()).isEqualTo(Status.FAIL);
        assertThat(down.message()).isEqualTo("connection refused by 127.0.0.1:" + closed + " (is the service running?)");
    }

    @Test
    void a_name_resolves_and_is_checked_against_the_expected_addresses() {
        Observation local = observe("  dns:\n    - { name: local, host: localhost, expect: [127.0.0.1, \"::1\"] }\n");
        assertThat(local.status()).as(local.message()).isEqualTo(Status.OK);
        assertThat(local.message()).startsWith("localhost resolves to ");

        Observation wrong = observe("  dns:\n    - { name: local, host: localhost, expect: [10.0.0.1] }\n");
        assertThat(wrong.status()).isEqualTo(Status.FAIL);
        assertThat(wrong.message()).contains("none of the expected 10.0.0.1");

        Observation missing = observe("  dns:\n    - { name: gone, host: no-such-host.invalid, timeout: 1s }\n");
        assertThat(missing.status()).isEqualTo(Status.FAIL);
        assertThat(missing.message()).satisfiesAnyOf(
                m -> assertThat(m).isEqualTo("no-such-host.invalid does not resolve (no such name, or no DNS answer)"),
                m -> assertThat(m).isEqualTo("no answer resolving no-such-host.invalid within 1s"));
    }

    @Test
    void a_certificate_is_judged_by_the_days_it_has_left_on_the_jobs_clock() throws Exception {
        SSLServerSocket tls = (SSLServerSocket) serverTls.getServerSocketFactory().createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        int port = serve(tls, s -> {
            try {
                ((SSLSocket) s).startHandshake();
                s.getInputStream().read();
            } catch (Exception ignored) {
                // handshake done or abandoned
            }
        });
        String address = "127.0.0.1:" + port;

        Observation soon = observe("  tls:\n    - { name: db-cert, address: \"" + address + "\" }\n");
        assertThat(soon.status()).as(soon.message()).isEqualTo(Status.FAIL);
        assertThat(soon.message()).startsWith("the certificate of " + address + " expires in 9d").endsWith("within minValidity 14d");
        assertThat(soon.details()).containsEntry("subject", "CN=mail.test");

        Observation fine = observe("  tls:\n    - { name: db-cert, address: \"" + address + "\", minValidity: 5d }\n");
        assertThat(fine.status()).isEqualTo(Status.OK);
        assertThat(fine.message()).startsWith("certificate valid for 9d");

        clock.set(certMade.plus(Duration.ofDays(11)));
        Observation expired = observe("  tls:\n    - { name: db-cert, address: \"" + address + "\", minValidity: 5d }\n");
        assertThat(expired.status()).isEqualTo(Status.FAIL);
        assertThat(expired.message()).startsWith("the certificate of " + address + " expired ");

        int plain = serve(new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()), s -> {
            try {
                s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (Exception ignored) {
                // client gone
            }
        });
        Observation notTls = observe("  tls:\n    - { name: db-cert, address: \"127.0.0.1:" + plain + "\", timeout: 2s }\n");
        assertThat(notTls.status()).isEqualTo(Status.FAIL);
        assertThat(notTls.message()).startsWith("TLS handshake with 127.0.0.1:" + plain + " failed");
    }

    @Test
    void a_mail_server_is_checked_after_starttls() throws Exception {
        SSLSocketFactory upgrade = serverTls.getSocketFactory();
        int port = serve(new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()), s -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                out.write("220 mail.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                in.readLine(); // EHLO
                out.write("250-mail.test\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                if (!"STARTTLS".equals(in.readLine())) return;
                out.write("220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                SSLSocket secured = (SSLSocket) upgrade.createSocket(s, null, s.getPort(), false);
                secured.setUseClientMode(false);
                secured.startHandshake();
                secured.getInputStream().read();
            } catch (Exception ignored) {
                // client gone
            }
        });
        Observation o = observe("  tls:\n    - { name: mail, address: \"127.0.0.1:" + port + "\", starttls: smtp, minValidity: 5d }\n");
        assertThat(o.status()).as(o.message()).isEqualTo(Status.OK);
        assertThat(o.details()).containsEntry("starttls", "smtp").containsEntry("subject", "CN=mail.test");
    }

    @Test
    void bad_addresses_and_options_name_the_line() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                health:
                  tcp:
                    - { name: db, address: "db.internal" }
                  dns:
                    - { name: api, host: api.example.com, expect: [not-an-ip] }
                  tls:
                    - { name: mail, address: "smtp.example.com:99999", starttls: imap }
                  endpoints:
                    - { name: old-style, url: "tcp://db.internal:5432" }
                """, "patrol.yml", dir));
        assertThat(e.getMessage()).contains("patrol.yml:3").contains("\"db.internal\" must be host:port")
                .contains("patrol.yml:5").contains("\"not-an-ip\" is not an IP address")
                .contains("patrol.yml:7").contains("\"smtp.example.com:99999\" must be host:port")
                .contains("\"imap\" is not supported")
                .contains("patrol.yml:9").contains("a tcp:// address goes under health.tcp");
    }
}
