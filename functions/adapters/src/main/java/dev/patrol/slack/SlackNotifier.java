package dev.patrol.slack;

import dev.patrol.alert.Alert;
import dev.patrol.alert.DeliveryException;
import dev.patrol.alert.Notifier;
import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretResolver;
import dev.patrol.config.SecretValue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts to a Slack incoming webhook, sent with the JDK's HTTP client.
 *
 * <p>Within one delivery it honours 429 {@code Retry-After} and retries 5xx
 * answers and refused connections with exponential backoff, waiting at most
 * {@link Settings#maxTotalWait()} in all; past that it gives up and the outbox
 * tries again on the next run. A webhook that accepts the request and never
 * answers fails after {@link Settings#requestTimeout()} and is not retried in
 * this run: Slack may have received it, and a second post could show the alert
 * twice. Other 4xx answers mean the webhook or the message is wrong; retrying
 * cannot help, so they fail at once with Slack's reason.
 *
 * <p>The webhook URL is a credential. It is resolved only when an alert is sent,
 * and no message, exception or log line shows more of it than its host.
 */
public final class SlackNotifier implements Notifier {

    /**
     * @param requestTimeout how long one POST may take until Slack answers
     * @param maxTotalWait   the most one delivery waits between attempts (Retry-After and backoff together)
     * @param maxAttempts    POSTs per delivery, the first included
     * @param firstBackoff   the wait after the first 5xx; doubles after each further one
     */
    public record Settings(Duration requestTimeout, Duration maxTotalWait, int maxAttempts, Duration firstBackoff) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofSeconds(30), 4, Duration.ofSeconds(1));

        public Settings {
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(maxTotalWait, "maxTotalWait");
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    private final Supplier<String> webhookUrl;
    private final Settings settings;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param webhookUrl gives the webhook URL when an alert is sent (it may resolve a secret then);
     *                   a {@link SecretResolutionException} it throws becomes a {@link DeliveryException}
     */
    public SlackNotifier(Supplier<String> webhookUrl, Settings settings) {
        this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = dev.patrol.net.HttpClients.build(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER));
    }

    public SlackNotifier(Supplier<String> webhookUrl) {
        this(webhookUrl, Settings.DEFAULT);
    }

    /** The webhook from patrol.yml's {@code alerts.slack.webhookUrl}, resolved on first use of each delivery. */
    public static SlackNotifier of(SecretValue webhookUrl, SecretResolver resolver) {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(resolver, "resolver");
        return new SlackNotifier(() -> webhookUrl.resolve(resolver));
    }

    @Override
    public String channel() {
        return "slack";
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        Webhook webhook = webhook();
        HttpRequest request = HttpRequest.newBuilder(webhook.uri())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(SlackBlocks.json(alert, json), StandardCharsets.UTF_8))
                .build();

        Duration waited = Duration.ZERO;
        Duration backoff = settings.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= settings.maxAttempts();
            Duration wait;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) return;
                String said = webhook.scrub(response.body());
                if (status == 429) {
                    Optional<Duration> retryAfter = retryAfter(response);
                    wait = retryAfter.orElse(backoff);
                    if (last || waited.plus(wait).compareTo(settings.maxTotalWait()) > 0) {
                        throw new DeliveryException(webhook.name() + " is rate-limiting Patrol (429"
                                + retryAfter.map(d -> ", Retry-After " + d.toSeconds() + " s").orElse("")
                                + ") after " + attempts(attempt) + "; gave up after waiting " + waited.toSeconds()
                                + " s of at most " + settings.maxTotalWait().toSeconds() + " s");
                    }
                } else if (status >= 500) {
                    wait = backoff;
                    if (last || waited.plus(wait).compareTo(settings.maxTotalWait()) > 0) {
                        throw new DeliveryException(webhook.name() + " answered " + status + said + " on each of "
                                + attempts(attempt) + ": Slack is having trouble");
                    }
                } else {
                    throw new DeliveryException(webhook.name() + " refused the alert: " + status + said + ". " + fix(status));
                }
            } catch (HttpConnectTimeoutException | ConnectException e) {
                // Nothing reached Slack, so a retry cannot post twice.
                wait = backoff;
                if (last || waited.plus(wait).compareTo(settings.maxTotalWait()) > 0) {
                    throw new DeliveryException("could not connect to " + webhook.name() + " (" + describe(e, webhook)
                            + ") after " + attempts(attempt) + "; check the network and proxy");
                }
            } catch (HttpTimeoutException e) {
                throw new DeliveryException(webhook.name() + " did not answer within "
                        + settings.requestTimeout().toSeconds() + " s");
            } catch (IOException e) {
                throw new DeliveryException("sending to " + webhook.name() + " failed (" + describe(e, webhook)
                        + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted while sending to " + webhook.name());
            }
            sleep(wait, webhook);
            waited = waited.plus(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    private Webhook webhook() throws DeliveryException {
        String url;
        try {
            url = webhookUrl.get();
        } catch (SecretResolutionException e) {
            throw new DeliveryException("Slack webhook URL: " + e.getMessage());
        }
        if (url == null || url.isBlank()) {
            throw new DeliveryException("Slack webhook URL is empty: set alerts.slack.webhookUrl in patrol.yml");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw new DeliveryException("Slack webhook URL is not an http(s) URL: check alerts.slack.webhookUrl in patrol.yml"
                    + " and the secret it refers to (it should look like https://hooks.slack.com/services/...)");
        }
        return new Webhook(uri, url.trim());
    }

    private static String fix(int status) {
        return switch (status) {
            case 400 -> "Slack could not read the message; this is a bug in Patrol, please report it with the alert's target";
            case 403 -> "the webhook is not allowed to post (revoked, or the app lost access): create a new incoming webhook and update the secret";
            case 404 -> "the webhook does not exist (removed, or the URL is wrong): create a new incoming webhook and update the secret";
            case 410 -> "the channel is archived: unarchive it or point a new webhook at another channel";
            default -> "check alerts.slack.webhookUrl and the Slack app's incoming webhooks";
        };
    }

    /** Seconds (what Slack sends) or an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) return Optional.empty();
        String value = header.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    private static void sleep(Duration wait, Webhook webhook) throws DeliveryException {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while waiting to retry " + webhook.name());
        }
    }

    /** The exception's own words, with the URL taken out in case the JDK ever puts it there. */
    private static String describe(IOException e, Webhook webhook) {
        return webhook.scrub(dev.patrol.text.ProblemWords.describe(e)).trim();
    }

    /** A resolved webhook: its URI to send to, and what may be said about it. */
    private record Webhook(URI uri, String raw) {
        /** "Slack webhook (host hooks.slack.com)": the path and query carry the secret. */
        String name() {
            return "Slack webhook (host " + uri.getHost() + ")";
        }

        /** Slack's short reply ("no_service") on one line, without anything of the URL beyond its host. */
        String scrub(String text) {
            if (text == null || text.isBlank()) return "";
            String clean = text.replace(raw, "<webhook>");
            if (uri.getRawPath() != null && uri.getRawPath().length() > 1) clean = clean.replace(uri.getRawPath(), "<path>");
            clean = clean.replaceAll("\\s+", " ").trim();
            if (clean.length() > 200) clean = clean.substring(0, 199) + "…";
            return " " + clean;
        }
    }

    /** "1 attempt", "3 attempts". */
    private static String attempts(int n) {
        return n + (n == 1 ? " attempt" : " attempts");
    }
}
