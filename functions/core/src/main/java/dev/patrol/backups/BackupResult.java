package dev.patrol.backups;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one backup set: what the pipeline turns into an observation and
 * {@code run --json} prints as one result ({@code kind: backup}). {@code message} is
 * the most urgent problem (or a summary when all is well); {@code details} holds the
 * evidence as JSON-ready values (strings, numbers, lists, maps), including every
 * problem under "problems".
 */
public record BackupResult(String target, Status status, String message, Map<String, Object> details,
                           List<Problem> problems) {

    public BackupResult {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** A result from the problems found: fail beats error beats ok; the first problem by check order is the message. */
    public static BackupResult of(String target, String okMessage, Map<String, Object> details, List<Problem> problems) {
        List<Problem> sorted = problems.stream().sorted(Comparator
                .comparing((Problem p) -> p.status() == Status.FAIL ? 0 : 1)
                .thenComparing(Problem::check)).toList();
        Map<String, Object> all = new LinkedHashMap<>(details);
        if (!sorted.isEmpty()) {
            all.put("problems", sorted.stream().map(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("check", p.check().id());
                if (p.object() != null) m.put("object", p.object());
                m.put("status", p.status().id());
                m.put("message", p.message());
                return m;
            }).toList());
        }
        if (sorted.isEmpty()) return new BackupResult(target, Status.OK, okMessage, all, sorted);
        Status status = sorted.get(0).status();
        String message = sorted.get(0).message() + (sorted.size() > 1 ? " (+" + (sorted.size() - 1) + " more)" : "");
        return new BackupResult(target, status, message, all, sorted);
    }
}
