package dev.patrol.report.scorecard;

/** The brief's eight categories of the maturity card and their weights (percent, summing to 100). */
public enum Category {
    VERSION_CONTROL("version-control", "Version control", 15),
    CI_CD("ci-cd", "CI/CD", 20),
    TESTING("automated-testing", "Automated testing", 15),
    CODE_QUALITY("code-quality", "Code quality", 10),
    SECURITY("security", "Security practices", 15),
    MONITORING("monitoring", "Monitoring and observability", 10),
    DEPLOYMENT("deployment-automation", "Deployment automation", 10),
    BACKUP("backup-dr", "Backup and DR", 5);

    private final String id;
    private final String title;
    private final int weight;

    Category(String id, String title, int weight) {
        this.id = id;
        this.title = title;
        this.weight = weight;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public int weight() {
        return weight;
    }
}
