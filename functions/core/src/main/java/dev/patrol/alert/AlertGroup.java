package dev.patrol.alert;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Many alerts of one transition from one run as one message: "12 endpoints DOWN: api, web, …". */
final class AlertGroup {
    /** Names listed in full; a message naming hundreds is read by nobody. */
    private static final int NAMES = 50;

    private AlertGroup() {}

    static Alert of(List<Alert> alerts) {
        Alert first = alerts.getFirst();
        List<String> names = alerts.stream().map(Alert::target).sorted().toList();
        String kinds = alerts.stream().map(Alert::kind).distinct().count() == 1 ? first.kind() + "s" : "targets";
        String what = alerts.size() + " " + kinds;
        String listed = String.join(", ", names.subList(0, Math.min(NAMES, names.size())))
                + (names.size() > NAMES ? " and " + (names.size() - NAMES) + " more" : "");
        Severity worst = alerts.stream().map(Alert::severity).min(Comparator.naturalOrder()).orElse(first.severity());
        String project = first.title().startsWith("[") ? first.title().substring(0, first.title().indexOf(']') + 1) + " " : "";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("severity", worst.name() + " " + worst.label());
        facts.put("targets", String.valueOf(alerts.size()));
        // The id names the group's members, so a resend of the same group is recognisable as one.
        String id = first.job() + ":group:" + first.transition().id() + ":" + first.time().toEpochMilli() + ":"
                + Integer.toHexString(String.join(",", names).hashCode());
        return new Alert(id, first.job(), what, first.kind(), first.transition(), worst, first.time(),
                project + first.transition().word() + ": " + what + " (" + first.job() + ")",
                what + " " + first.transition().word() + ": " + listed, facts, null);
    }
}
