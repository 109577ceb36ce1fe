package dev.patrol.alert;

import java.util.Optional;

/** P0 critical (respond in 15 min), P1 high (1 h), P2 medium (4 h), P3 low (next sprint). */
public enum Severity {
    P0("critical"), P1("high"), P2("medium"), P3("low");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True when this severity is as urgent as {@code floor} or more (P0 is the most urgent). */
    public boolean atLeast(Severity floor) {
        return ordinal() <= floor.ordinal();
    }

    public static Optional<Severity> parse(String text) {
        if (text == null) return Optional.empty();
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) return Optional.of(s);
        }
        return Optional.empty();
    }
}
