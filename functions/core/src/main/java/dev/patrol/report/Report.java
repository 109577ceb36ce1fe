package dev.patrol.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.report.digest.Digest;
import dev.patrol.report.dora.Dora;
import dev.patrol.report.scorecard.ScoreTrend;
import dev.patrol.report.scorecard.Scorecard;
import java.time.Instant;
import java.util.List;

/** The {@code report --format json} document (CONTRACT): window, one entry per repository, the digest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String project, Instant generatedAt, Window window, List<Repo> repos, Digest digest) {
    public record Window(Instant from, Instant to) {}

    /**
     * One repository; {@code error} says why it could not be read. Then its scorecard and DORA are written as null, not
     * left out: the contract's names are there for every repository, so a script finds them (null) rather than nothing.
     * {@code scoreTrend} (beyond the contract's names) is the maturity score by day and what moved since a week ago.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Repo(String repo, String error, @JsonInclude(JsonInclude.Include.ALWAYS) Scorecard scorecard,
                       @JsonInclude(JsonInclude.Include.ALWAYS) Dora dora, Integer commits, ScoreTrend scoreTrend) {
        public static Repo failed(String repo, String error) {
            return new Repo(repo, error, null, null, null, null);
        }
    }
}
