package dev.patrol.secrets.git;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The credentials of a remote, kept apart from its URL: {@code https://user:pass@host/r.git}
 * becomes the URL {@code https://host/r.git} (what a clone's config may hold) and a
 * provider that answers the server's challenge on each fetch. A configured token wins
 * over a password in the URL. Only http(s) user-info is taken out: {@code ssh://git@host}
 * names an account, not a secret.
 */
record RemoteCredentials(String url, String user, String password) {
    private static final Pattern HTTP_USER_INFO = Pattern.compile("^(https?://)([^/@]*)@(.*)$", Pattern.CASE_INSENSITIVE);

    static RemoteCredentials of(String url, String token) {
        String bare = url;
        String user = null;
        String password = null;
        Matcher m = HTTP_USER_INFO.matcher(url);
        if (m.matches()) {
            bare = m.group(1) + m.group(3);
            String info = m.group(2);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        if (token != null && !token.isEmpty()) {
            user = "x-access-token";
            password = token;
        }
        return new RemoteCredentials(bare, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** What answers the server's authentication challenge, or null when there are no credentials. */
    CredentialsProvider provider() {
        return user == null ? null : new UsernamePasswordCredentialsProvider(user, password == null ? "" : password);
    }

    /**
     * A clone made before credentials were kept out of it may still hold them in its
     * remote's URL: it gets the bare URL, so the next fetch uses the provider instead.
     */
    void scrub(Repository repo) throws IOException {
        StoredConfig config = repo.getConfig();
        for (String remote : config.getSubsections("remote")) {
            String[] urls = config.getStringList("remote", remote, "url");
            boolean changed = false;
            for (int i = 0; i < urls.length; i++) {
                Matcher m = HTTP_USER_INFO.matcher(urls[i]);
                if (m.matches()) {
                    urls[i] = m.group(1) + m.group(3);
                    changed = true;
                }
            }
            if (changed) {
                config.setStringList("remote", remote, "url", java.util.List.of(urls));
                config.save();
            }
        }
    }

    /** {@code text} with the password (raw and URL-encoded) replaced, for messages. */
    String hide(String text) {
        if (password == null || password.isEmpty()) return text;
        String encoded = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        return text.replace(password, "<redacted>").replace(encoded, "<redacted>");
    }

    @Override
    public String toString() {
        return "RemoteCredentials[" + url + (user == null ? "" : ", user " + user + ", password <redacted>") + "]";
    }
}
