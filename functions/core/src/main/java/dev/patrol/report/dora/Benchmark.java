package dev.patrol.report.dora;

import java.time.Duration;

/**
 * A named table that turns DORA's four numbers into elite / high / medium / low. "DORA 2023"
 * is the default; "DORA 2021" is the older table, whose elite lead time is under an hour.
 */
public enum Benchmark {
    DORA_2023("DORA 2023", Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30), 0.05, 0.10, 0.15),
    /** 2021 put high, medium and low change failure rates in one 16–30% band: only elite and low apart from high. */
    DORA_2021("DORA 2021", Duration.ofHours(1), Duration.ofDays(7), Duration.ofDays(180), 0.15, 0.30, 0.30);

    public static final String ELITE = "elite";
    public static final String HIGH = "high";
    public static final String MEDIUM = "medium";
    public static final String LOW = "low";
    public static final String INSUFFICIENT = "insufficient";

    private final String title;
    private final Duration eliteLead;
    private final Duration highLead;
    private final Duration mediumLead;
    private final double eliteFailures;
    private final double highFailures;
    private final double mediumFailures;

    Benchmark(String title, Duration eliteLead, Duration highLead, Duration mediumLead, double eliteFailures,
              double highFailures, double mediumFailures) {
        this.title = title;
        this.eliteLead = eliteLead;
        this.highLead = highLead;
        this.mediumLead = mediumLead;
        this.eliteFailures = eliteFailures;
        this.highFailures = highFailures;
        this.mediumFailures = mediumFailures;
    }

    public String title() {
        return title;
    }

    public static Benchmark named(String title) {
        for (Benchmark b : values()) if (b.title.equals(title)) return b;
        throw new IllegalArgumentException("no benchmark table " + title);
    }

    /**
     * From the median number of days a week with a deployment (elite: 5 or more, high: 1 or more)
     * and, below that, the median 30 days (medium: at least one deployment day).
     */
    public String deploymentFrequency(double medianDeployDaysPerWeek, double medianDeployDaysPerMonth) {
        if (medianDeployDaysPerWeek >= 5) return ELITE;
        if (medianDeployDaysPerWeek >= 1) return HIGH;
        if (medianDeployDaysPerMonth >= 1) return MEDIUM;
        return LOW;
    }

    public String leadTime(double medianHours) {
        return byDuration(medianHours * 3600.0, eliteLead, highLead, mediumLead);
    }

    public String changeFailureRate(double rate) {
        if (rate <= eliteFailures) return ELITE;
        if (rate <= highFailures) return HIGH;
        if (rate <= mediumFailures) return MEDIUM;
        return LOW;
    }

    public String timeToRestore(double medianMinutes) {
        return byDuration(medianMinutes * 60.0, Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
    }

    private static String byDuration(double seconds, Duration elite, Duration high, Duration medium) {
        if (seconds < elite.toSeconds()) return ELITE;
        if (seconds < high.toSeconds()) return HIGH;
        if (seconds < medium.toSeconds()) return MEDIUM;
        return LOW;
    }
}
