package dev.patrol.secrets;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A git remote on loopback the way a forge serves one: git's own smart-HTTP server
 * ({@code git http-backend}, a CGI program) behind the JDK's HTTP server, with HTTP
 * basic auth for one user. Serves every bare repository under {@code root}.
 */
public final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;

    private GitHttpServer(HttpServer server) {
        this.server = server;
    }

    public static GitHttpServer serve(Path root, String user, String password) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var context = s.createContext("/", exchange -> cgi(root, exchange));
        context.setAuthenticator(new BasicAuthenticator("git") {
            @Override
            public boolean checkCredentials(String u, String p) {
                return user.equals(u) && password.equals(p);
            }
        });
        s.setExecutor(Executors.newFixedThreadPool(2));
        s.start();
        return new GitHttpServer(s);
    }

    /** {@code http://127.0.0.1:PORT/} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static void cgi(Path root, HttpExchange ex) throws IOException {
        try (ex) {
            ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = pb.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", ex.getRequestMethod());
            env.put("PATH_INFO", ex.getRequestURI().getRawPath());
            env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
            env.put("REMOTE_USER", ex.getPrincipal() == null ? "" : ex.getPrincipal().getUsername());
            env.put("REMOTE_ADDR", "127.0.0.1");
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null) env.put("CONTENT_TYPE", type);
            // JGit gzips its POST bodies; http-backend inflates them when told.
            String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) env.put("HTTP_CONTENT_ENCODING", encoding);
            String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
            if (protocol != null) env.put("GIT_PROTOCOL", protocol);
            Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream body = ex.getRequestBody(); OutputStream in = p.getOutputStream()) {
                body.transferTo(in);
            }
            byte[] out = p.getInputStream().readAllBytes();
            int headerEnd = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            int sep = 4;
            if (headerEnd < 0) {
                headerEnd = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
                sep = 2;
            }
            int status = 200;
            for (String line : new String(out, 0, Math.max(0, headerEnd), StandardCharsets.ISO_8859_1).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) status = Integer.parseInt(value.substring(0, 3));
                else ex.getResponseHeaders().add(name, value);
            }
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(out, headerEnd + sep, out.length - headerEnd - sep);
            ex.sendResponseHeaders(status, rest.size() == 0 ? -1 : rest.size());
            if (rest.size() > 0) ex.getResponseBody().write(rest.toByteArray());
        }
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i <= a.length - b.length; i++) {
            for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
