package dev.patrol.cli;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.backups.BackupResult;
import dev.patrol.backups.BackupVerifier;
import dev.patrol.backups.Status;
import dev.patrol.backups.integrity.Manifest;
import dev.patrol.backups.snapshot.SnapshotTaker;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.storage.ObjectStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "backup", description = "Backups.", subcommands = BackupCommand.Snapshot.class)
final class BackupCommand extends CommandGroup {

    /**
     * Copies a set's {@code source} to the object its pattern names for now and verifies it
     * at once. Exit 0 written (or already there) and verified, 1 the verification failed,
     * 2 unknown set or no usable source, 3 Patrol could not write or read it back.
     */
    @Command(name = "snapshot", description = "Take a snapshot of a backup set's source and verify it.")
    static final class Snapshot implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;

        @Parameters(paramLabel = "BACKUP", description = "the name of a backup set in the config")
        String name;

        @Override
        public Integer call() {
            try (Workspace ws = Workspace.open(parent.patrol.config)) {
                BackupSetConfig set = usable(ws.config().backups());
                ObjectStores storage = ws.storage();
                Clock clock = Clock.systemUTC();
                // Like a ping, a scheduled snapshot waits for a run that holds the local state rather than being lost.
                BackupVerifier verifier = new BackupVerifier(storage, ws.state("backup snapshot " + name, Duration.ofMinutes(2)), clock);
                BackupResult result = new SnapshotTaker(storage, verifier, clock).take(set);
                print(set, result);
                return switch (result.status()) {
                    case OK -> ExitCodes.OK;
                    case FAIL -> ExitCodes.PROBLEMS;
                    case ERROR -> ExitCodes.FAILURE;
                };
            }
        }

        /** The named set, when it has a source a snapshot can copy; otherwise what to fix in the config (exit 2). */
        private BackupSetConfig usable(List<BackupSetConfig> sets) {
            BackupSetConfig set = sets.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() -> {
                List<String> names = sets.stream().map(BackupSetConfig::name).toList();
                return new UserError(ExitCodes.USAGE, "no backup set named \"" + name + "\" in the config; known: "
                        + (names.isEmpty() ? "none (add one under backups)" : String.join(", ", names)));
            });
            if (set.source() == null || set.source().isBlank()) {
                throw new UserError(ExitCodes.USAGE, "backup set " + name + " has no source: add source: PATH (a file, a folder"
                        + " or a git repository) to it in the config so that Patrol knows what to snapshot");
            }
            if (set.source().contains("://")) {
                throw new UserError(ExitCodes.USAGE, "the source of backup set " + name + " is a URL (" + set.source()
                        + "): snapshots copy a local file, folder or git repository; clone it first and point source at the clone");
            }
            if (!Files.exists(Path.of(set.source()))) {
                throw new UserError(ExitCodes.USAGE, "the source of backup set " + name + " does not exist: " + set.source()
                        + "; fix source: in the config (relative paths are relative to the config's folder)");
            }
            return set;
        }

        private static void print(BackupSetConfig set, BackupResult result) {
            if (result.details().get("snapshot") instanceof Map<?, ?> snapshot && Boolean.TRUE.equals(snapshot.get("written"))) {
                String object = BackupVerifier.folder(set.location()) + snapshot.get("object");
                System.out.println(escape("wrote " + object + " (" + snapshot.get("size") + " bytes, " + snapshot.get("source")
                        + ", sha256 " + snapshot.get("sha256") + ")"));
                System.out.println(escape("wrote " + object + Manifest.SUFFIX + " (manifest)"));
            }
            // A verdict on the backup goes to stdout; Patrol failing to do the work is a diagnostic (stderr).
            java.io.PrintStream out = result.status() == Status.ERROR ? System.err : System.out;
            String mark = switch (result.status()) {
                case OK -> "✓";
                case FAIL -> "✗";
                case ERROR -> "patrol: could not snapshot";
            };
            out.println(mark + " " + escape(set.name() + ": " + result.message()));
            result.problems().stream().skip(1).forEach(p -> out.println("  also: " + escape(p.message())));
            if (result.status() == Status.ERROR) {
                out.println("  check that " + escape(set.location()) + " can be written and read by the user running Patrol"
                        + (set.location().startsWith("s3://") ? " (bucket, region and AWS credentials)" : "") + ", then run it again");
            }
        }
    }
}
