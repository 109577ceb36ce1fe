package dev.patrol.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "backup", description = "Backups.", subcommands = BackupCommand.Snapshot.class)
final class BackupCommand extends CommandGroup {

    @Command(name = "snapshot", description = "Take a snapshot of a backup set's source and verify it.")
    static final class Snapshot implements Callable<Integer> {
        @Parameters(paramLabel = "BACKUP")
        String name;

        @Override
        public Integer call() {
            throw NotYet.command("patrol backup snapshot");
        }
    }
}
