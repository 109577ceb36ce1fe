package dev.patrol.cli;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.config.SecretsConfig;
import dev.patrol.secrets.FindingsLedger;
import dev.patrol.secrets.FindingsLedger.StoredFinding;
import dev.patrol.secrets.org.OrgTargets;
import dev.patrol.state.Json;
import dev.patrol.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "findings", description = "Secret findings that the secrets job remembers in state.",
        subcommands = {FindingsCommand.ListFindings.class, FindingsCommand.Ignore.class})
final class FindingsCommand extends CommandGroup {

    /** The ledger of this workspace's state; embedded state waits briefly for another patrol command. */
    private FindingsLedger ledger(Workspace ws, String what) {
        return new FindingsLedger(ws.state(what, Duration.ofSeconds(2)), dev.patrol.time.Clocks.fromEnvironment());
    }

    /**
     * The configured repositories, and the repositories of its organisations that the secrets job has
     * listed (remembered in state: listing them again would ask the forge).
     */
    private static List<String> repoNames(Workspace ws, String what) {
        SecretsConfig secrets = ws.config().secrets();
        List<String> names = new ArrayList<>(secrets.repos().stream().map(SecretsConfig.Repo::name).toList());
        if (!secrets.orgs().isEmpty()) {
            StateStore state = ws.state(what, Duration.ofSeconds(2));
            for (SecretsConfig.Org org : secrets.orgs()) {
                OrgTargets.remembered(state, org).stream().filter(n -> !names.contains(n)).forEach(names::add);
            }
        }
        return names;
    }

    @Command(name = "list", description = {"List open findings of the configured repositories (--all: also ignored and resolved ones).",
            "Exit 1 when any finding is open."})
    static final class ListFindings implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Option(names = "--all", description = "include ignored and resolved findings")
        boolean all;

        @Option(names = "--json", description = "print one JSON document")
        boolean json;

        @Override
        public Integer call() {
            try (Workspace ws = Workspace.open(parent.patrol.config)) {
                List<String> repos = repoNames(ws, "findings list");
                List<StoredFinding> findings = new ArrayList<>();
                if (!repos.isEmpty()) {
                    FindingsLedger ledger = parent.ledger(ws, "findings list");
                    repos.forEach(r -> findings.addAll(ledger.list(r, all)));
                }
                if (json) {
                    System.out.println(Json.write(Map.of("findings", findings)));
                } else {
                    new FindingsTable(System.out).print(findings, repos, all);
                }
                boolean open = findings.stream().anyMatch(f -> f.status() == FindingsLedger.Status.OPEN);
                return open ? ExitCodes.PROBLEMS : ExitCodes.OK;
            }
        }
    }

    @Command(name = "ignore", description = "Mark a finding as not to be reported again, with the reason (it stays in `findings list --all`).")
    static final class Ignore implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Parameters(paramLabel = "FINGERPRINT", description = "the finding's fingerprint (ptl_…), as findings list and alerts show it")
        String fingerprint;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why it is not a problem (kept with the finding)")
        String reason;

        @Override
        public Integer call() {
            if (reason.isBlank()) throw new UserError(ExitCodes.USAGE, "--reason must say why the finding is ignored");
            try (Workspace ws = Workspace.open(parent.patrol.config)) {
                List<String> repos = repoNames(ws, "findings ignore");
                if (repos.isEmpty()) {
                    throw new UserError(ExitCodes.USAGE, "the config has no secrets.repos, so there are no findings to ignore");
                }
                FindingsLedger ledger = parent.ledger(ws, "findings ignore");
                for (String repo : repos) {
                    Optional<StoredFinding> found = ledger.find(repo, fingerprint.trim());
                    if (found.isEmpty()) continue;
                    boolean already = found.get().status() == FindingsLedger.Status.IGNORED;
                    StoredFinding f = ledger.ignore(repo, fingerprint.trim(), reason.strip());
                    System.out.println(escape((already ? "already ignored; reason updated: " : "ignored: ") + f.ruleId() + " in " + repo + " at "
                            + f.place() + " (" + f.redacted() + "), " + f.fingerprint() + ": " + f.ignoredReason()));
                    return ExitCodes.OK;
                }
                throw new UserError(ExitCodes.USAGE, "no finding " + fingerprint + " in " + String.join(", ", repos)
                        + "; `patrol findings list --all` shows the fingerprints (ptl_…) of every finding");
            }
        }
    }
}
