package dev.patrol.slack;

import dev.patrol.alert.Alert;
import dev.patrol.alert.Transition;
import dev.patrol.text.ControlCharacters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Slack message for one alert: Block Kit blocks for people (a header with
 * the transition word and the target, the text, fields for severity, job, kind
 * and facts, the time, a link button) and a plain {@code text} fallback that
 * notifications and old clients show instead.
 *
 * <p>Slack's limits are applied here rather than discovered as a 400 at 3 a.m.:
 * header 150 characters, section text 3000, at most 10 fields of 2000.
 */
final class SlackBlocks {
    private static final int HEADER_MAX = 150, SECTION_MAX = 3000, FIELD_MAX = 2000, FIELDS_MAX = 10, URL_MAX = 3000;

    private SlackBlocks() {}

    static String json(Alert alert, JsonMapper mapper) {
        ObjectNode message = mapper.createObjectNode();
        message.put("text", escape(fallback(alert)));
        ArrayNode blocks = message.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text")
                .put("type", "plain_text")
                .put("text", cut(emoji(alert.transition()) + " " + ControlCharacters.escape(alert.headline()), HEADER_MAX))
                .put("emoji", true);

        List<String> body = new ArrayList<>();
        if (!isBlank(alert.title()) && !alert.isDigest()) body.add("*" + escape(alert.title()) + "*"); // the digest's is its header
        if (!isBlank(alert.text())) body.add(escapeLines(alert.text()));
        if (!body.isEmpty()) {
            blocks.addObject().put("type", "section").putObject("text")
                    .put("type", "mrkdwn").put("text", cut(String.join("\n", body), SECTION_MAX));
        }

        List<String> fieldTexts = fields(alert);
        if (!fieldTexts.isEmpty()) { // Slack refuses a section with an empty list of fields
            ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
            for (String field : fieldTexts) fields.addObject().put("type", "mrkdwn").put("text", field);
        }

        blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn")
                .put("text", when(alert) + "  ·  Patrol " + escape(nullToEmpty(alert.job())));

        String link = alert.link();
        if (link != null && (link.startsWith("https://") || link.startsWith("http://")) && link.length() <= URL_MAX) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
            button.put("type", "button").put("url", link);
            button.putObject("text").put("type", "plain_text").put("text", "Open");
        }
        return mapper.writeValueAsString(message);
    }

    /** "DOWN: backend — health check failed" (the digest: its title): what a phone notification shows. */
    static String fallback(Alert alert) {
        String head = alert.headline();
        return isBlank(alert.title()) || alert.isDigest() ? head : head + " — " + alert.title();
    }

    /** Fields every alert has; a fact of the same name says it again, so it is not shown twice. */
    private static final java.util.Set<String> STANDARD_FIELDS = java.util.Set.of("severity", "job", "kind");

    /**
     * Severity, job and kind first, then the other facts by name; past Slack's ten fields the rest share the last one.
     * The digest shows its facts alone (a line per repository): "P3, report, report" says nothing to its readers.
     */
    private static List<String> fields(Alert alert) {
        List<String> fields = new ArrayList<>();
        if (!alert.isDigest()) {
            fields.add("*Severity*\n" + alert.severity().name() + " (" + alert.severity().label() + ")");
            fields.add("*Job*\n" + escape(nullToEmpty(alert.job())));
            if (!isBlank(alert.kind())) fields.add("*Kind*\n" + escape(alert.kind()));
        }
        List<Map.Entry<String, String>> facts = new ArrayList<>(new TreeMap<>(alert.facts()).entrySet());
        facts.removeIf(f -> STANDARD_FIELDS.contains(f.getKey().toLowerCase(java.util.Locale.ROOT)));
        int room = FIELDS_MAX - fields.size();
        boolean overflow = facts.size() > room;
        int single = overflow ? room - 1 : facts.size();
        for (int i = 0; i < single; i++) {
            fields.add(cut("*" + escape(facts.get(i).getKey()) + "*\n" + escape(facts.get(i).getValue()), FIELD_MAX));
        }
        if (overflow) {
            StringBuilder rest = new StringBuilder("*More*");
            for (int i = single; i < facts.size(); i++) {
                rest.append('\n').append(escape(facts.get(i).getKey())).append(": ").append(escape(facts.get(i).getValue()));
            }
            fields.add(cut(rest.toString(), FIELD_MAX));
        }
        return fields;
    }

    /** Slack shows {@code <!date^…>} in each reader's own time zone; the part after | is the fallback. */
    private static String when(Alert alert) {
        if (alert.time() == null) return "";
        return "<!date^" + alert.time().getEpochSecond() + "^{date_short_pretty} {time_secs}|" + alert.time() + ">";
    }

    private static String emoji(Transition transition) {
        return switch (transition) {
            case DOWN -> ":red_circle:";
            case UP -> ":large_green_circle:";
            case NEW -> ":warning:";
            case RESOLVED -> ":white_check_mark:";
            case DIGEST -> ":newspaper:";
            case REMINDER -> ":bell:";
            case ESCALATION -> ":rotating_light:";
            case FLAPPING -> ":left_right_arrow:";
            case STABLE -> ":large_blue_circle:";
        };
    }

    /**
     * Slack's mrkdwn reads &, < and > as markup; escaped, a target named "<b>" stays text. Control
     * characters are shown as escapes (a name's newline would otherwise split a field in two).
     */
    static String escape(String text) {
        return markup(ControlCharacters.escape(text));
    }

    /** The same for the alert's text, whose lines stay lines. */
    private static String escapeLines(String text) {
        return markup(ControlCharacters.escapeKeepingLines(text));
    }

    private static String markup(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
