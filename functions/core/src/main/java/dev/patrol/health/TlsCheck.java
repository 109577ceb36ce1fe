package dev.patrol.health;

import dev.patrol.config.HealthConfig.Tls;
import dev.patrol.pipeline.Observation;
import dev.patrol.time.Durations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate of any TLS service (mail, databases, brokers), plain TLS or SMTP STARTTLS, must stay
 * valid for more than minValidity. Trust is not judged here: the check reads the expiry of whatever
 * certificate the service presents, so an internal CA or a self-signed certificate is watched too.
 */
public final class TlsCheck {
    private TlsCheck() {}

    public static Observation evaluate(Tls tls, Instant now) {
        String where = tls.host() + ":" + tls.port();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", where);
        if (tls.starttls() != null) details.put("starttls", tls.starttls());
        details.put("minValidity", Durations.format(tls.minValidity()));
        int timeout = (int) Math.max(1, tls.timeout().toMillis());
        X509Certificate cert;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(tls.host(), tls.port()), timeout);
            plain.setSoTimeout(timeout);
            if ("smtp".equals(tls.starttls())) startTls(plain, where);
            try (SSLSocket socket = (SSLSocket) readingOnly().getSocketFactory().createSocket(plain, tls.host(), tls.port(), false)) {
                SSLParameters params = socket.getSSLParameters();
                params.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(sniName(tls.host()))));
                socket.setSSLParameters(params);
                socket.startHandshake();
                cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        } catch (IOException | IllegalArgumentException e) {
            return Observation.fail(e instanceof java.net.SocketTimeoutException || e instanceof java.net.ConnectException
                    || e instanceof java.net.UnknownHostException ? TcpCheck.reason((IOException) e, where, tls.timeout())
                    : "TLS handshake with " + where + " failed: " + e.getMessage(), details);
        }
        Instant notAfter = cert.getNotAfter().toInstant();
        Duration left = Duration.between(now, notAfter);
        details.put("subject", cert.getSubjectX500Principal().getName());
        details.put("issuer", cert.getIssuerX500Principal().getName());
        details.put("certNotAfter", notAfter.toString());
        details.put("expiresInSeconds", left.toSeconds());
        String when = notAfter.truncatedTo(ChronoUnit.SECONDS).toString();
        if (left.isNegative()) return Observation.fail("the certificate of " + where + " expired " + when, details);
        String in = Durations.format(left.truncatedTo(left.toDays() > 0 ? ChronoUnit.DAYS : ChronoUnit.MINUTES));
        if (left.compareTo(tls.minValidity()) <= 0) {
            return Observation.fail("the certificate of " + where + " expires in " + in + " (" + when + "), within minValidity "
                    + Durations.format(tls.minValidity()), details);
        }
        return Observation.ok("certificate valid for " + in + " (until " + when + ")", details);
    }

    /** RFC 3207: greet, ask for STARTTLS, and hand the same connection to TLS once the server says 220. */
    private static void startTls(Socket socket, String where) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        expect(in, "220", where, "greeting");
        out.write("EHLO patrol.invalid\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, "250", where, "EHLO");
        out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, "220", where, "STARTTLS");
    }

    /** Reads one SMTP reply, with its continuation lines ("250-..."), and checks its code. */
    private static void expect(BufferedReader in, String code, String where, String step) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) throw new IOException(where + " closed the connection after " + step);
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            String said = line.length() > 120 ? line.substring(0, 120) : line;
            throw new IOException(where + " answered " + step + " with \"" + said.replaceAll("\\p{Cntrl}", "?") + "\", not " + code);
        }
    }

    private static String sniName(String host) {
        // SNI carries names only: an IP literal is sent without one.
        return host.matches("[0-9.]+|.*:.*") ? "patrol.invalid" : host;
    }

    private static SSLContext readingOnly() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
    }
}
