package dev.patrol.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places and secrets not to report: gitleaks fingerprints from a
 * {@code .gitleaksignore} file or a baseline report, and Patrol fingerprints
 * from a baseline. ({@code patrol:allow} comments are handled where lines are
 * read; {@code findings ignore} in the findings ledger.)
 */
public record Suppressions(Set<String> places, Set<String> secrets) {

    public Suppressions {
        places = Set.copyOf(places);
        secrets = Set.copyOf(secrets);
    }

    public static Suppressions none() {
        return new Suppressions(Set.of(), Set.of());
    }

    /** A {@code .gitleaksignore}: one fingerprint a line, {@code #} comments. Patrol fingerprints are accepted too. */
    public static Suppressions fromIgnoreFile(String text) {
        Set<String> places = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty()) continue;
            (line.startsWith("ptl_") ? secrets : places).add(line);
        }
        return new Suppressions(places, secrets);
    }

    /**
     * A previous report used as a baseline: gitleaks' JSON array, Patrol's JSON
     * or SARIF. What it lists is not reported again.
     */
    public static Suppressions fromBaseline(Path file) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("baseline " + file + " is not JSON (" + dev.patrol.state.Json.problem(e) + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read baseline " + file + ": " + e.getMessage(), e);
        }
        Set<String> places = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        if (root.isArray()) {
            for (JsonNode f : root) {
                String fp = f.path("Fingerprint").asString("");
                if (fp.isEmpty()) {
                    fp = dev.patrol.secrets.fingerprint.Fingerprints.gitleaks(f.path("Commit").asString(""),
                            f.path("File").asString(""), f.path("RuleID").asString(""), f.path("StartLine").asInt());
                }
                places.add(fp);
            }
        } else if (root.has("findings")) {
            for (JsonNode f : root.get("findings")) secrets.add(f.path("fingerprint").asString());
        } else if (root.has("runs")) {
            for (JsonNode run : root.get("runs")) {
                for (JsonNode r : run.path("results")) {
                    r.path("partialFingerprints").forEach(v -> secrets.add(v.asString()));
                }
            }
        } else {
            throw new IllegalArgumentException("baseline " + file + " is neither a gitleaks, Patrol JSON nor SARIF report");
        }
        return new Suppressions(places, secrets);
    }

    public Suppressions and(Suppressions other) {
        Set<String> p = new HashSet<>(places);
        p.addAll(other.places);
        Set<String> s = new HashSet<>(secrets);
        s.addAll(other.secrets);
        return new Suppressions(p, s);
    }

    /** True when the place (with or without its commit) or the secret's fingerprint is listed. */
    public boolean suppresses(String ruleId, Occurrence o, String patrolFingerprint) {
        if (secrets.contains(patrolFingerprint)) return true;
        if (places.isEmpty()) return false;
        return places.contains(o.gitleaksFingerprint(ruleId))
                || places.contains(dev.patrol.secrets.fingerprint.Fingerprints.gitleaks("", o.path(), ruleId, o.startLine()));
    }
}
