package dev.patrol.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.report.digest.Digest;
import dev.patrol.report.dora.Dora;
import dev.patrol.report.scorecard.Scorecard;
import java.time.Instant;
import java.util.List;

/** The {@code report --format json} document (CONTRACT): window, one entry per repository, the digest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String project, Instant generatedAt, Window window, List<Repo> repos, Digest digest) {
    public record Window(Instant from, Instant to) {}

    /** One repository; {@code error} says why it could not be read (then it has neither scorecard nor DORA). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Repo(String repo, String error, Scorecard scorecard, Dora dora, Integer commits) {
        public static Repo failed(String repo, String error) {
            return new Repo(repo, error, null, null, null);
        }
    }
}
