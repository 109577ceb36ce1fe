package dev.patrol.cli;

import dev.patrol.secrets.FindingsLedger;
import dev.patrol.secrets.FindingsLedger.StoredFinding;
import dev.patrol.text.ControlCharacters;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code findings list} for people: one row per finding, columns as wide as their widest cell. */
final class FindingsTable {
    private static final List<String> HEADER = List.of("FINGERPRINT", "REPO", "RULE", "PLACE", "SECRET", "STATUS", "FIRST SEEN", "IN TREE");

    private final PrintStream out;

    FindingsTable(PrintStream out) {
        this.out = out;
    }

    void print(List<StoredFinding> findings, List<String> repos, boolean all) {
        if (repos.isEmpty()) {
            out.println("no repositories in the config (secrets.repos), so no findings");
            return;
        }
        if (findings.isEmpty()) {
            out.println((all ? "no findings" : "no open findings") + " in " + String.join(", ", repos)
                    + (all ? " (has `patrol run secrets` run yet?)" : " (--all also lists ignored and resolved ones)"));
            return;
        }
        // The verification column only once a provider was asked (secrets.verify): a table without it reads as before.
        boolean verified = findings.stream().anyMatch(f -> f.verification() != null);
        List<List<String>> rows = new ArrayList<>();
        rows.add(verified ? with(HEADER, "VERIFIED") : HEADER);
        findings.forEach(f -> rows.add(verified ? with(row(f), ControlCharacters.escape(verification(f))) : row(f)));
        int[] width = new int[rows.getFirst().size()];
        for (List<String> r : rows) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + width[i] + "s  ", r.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        long open = findings.stream().filter(f -> f.status() == FindingsLedger.Status.OPEN).count();
        long live = findings.stream().filter(f -> f.status() == FindingsLedger.Status.OPEN && f.live()).count();
        out.println();
        out.println(findings.size() + " finding" + (findings.size() == 1 ? "" : "s") + ", " + open + " open"
                + (live == 0 ? "." : ", " + live + " live (rotate those first).")
                + (open > 0 ? " Rotate each open secret; if one is not a secret: patrol findings ignore FINGERPRINT --reason TEXT" : ""));
    }

    /** "live: arn:aws:iam::…:user/deploy", "not live", "unknown (rate limited by github)", or "-" when not asked. */
    private static String verification(StoredFinding f) {
        if (f.verification() == null) return "-";
        return switch (f.verification().status()) {
            case "verified" -> "live: " + f.verification().identity();
            case "unverified" -> "not live";
            default -> "unknown" + (f.verification().detail().isEmpty() ? "" : " (" + f.verification().detail() + ")");
        };
    }

    private static List<String> with(List<String> row, String cell) {
        List<String> out = new ArrayList<>(row);
        out.add(cell);
        return out;
    }

    private static List<String> row(StoredFinding f) {
        String status = f.status().name().toLowerCase(Locale.ROOT);
        if (f.status() == FindingsLedger.Status.IGNORED && f.ignoredReason() != null) status += " (" + f.ignoredReason() + ")";
        String firstSeen = f.firstSeen() == null ? "" : f.firstSeen().toString().substring(0, 16).replace('T', ' ');
        return java.util.stream.Stream.of(f.fingerprint(), f.repo(), f.ruleId(), f.place(), f.redacted(), status, firstSeen,
                f.inCurrentTree() ? "yes" : "history only").map(ControlCharacters::escape).toList();
    }
}
