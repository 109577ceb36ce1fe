package dev.patrol.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mute}, {@code unmute} and {@code mutes} of the contract: their options are here, so that
 * {@code --help} describes them and a script gets a clear "not available yet" (exit 2) rather
 * than "unmatched argument", until muting lands.
 */
final class MuteCommands {
    private MuteCommands() {}

    @Command(name = "mute", description = "Silence alerts of targets for a while, with the reason.")
    static final class Mute implements Callable<Integer> {
        @Parameters(paramLabel = "TARGET", arity = "1..*", description = "target names")
        List<String> targets;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "how long, e.g. 2h or 1d")
        String duration;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (shown with the mute)")
        String reason;

        @Override
        public Integer call() {
            throw NotYet.command("patrol mute");
        }
    }

    @Command(name = "unmute", description = "Let alerts of muted targets through again.")
    static final class Unmute implements Callable<Integer> {
        @Parameters(paramLabel = "TARGET", arity = "1..*", description = "target names")
        List<String> targets;

        @Override
        public Integer call() {
            throw NotYet.command("patrol unmute");
        }
    }

    @Command(name = "mutes", description = "List the targets that are muted, until when and why.")
    static final class Mutes implements Callable<Integer> {
        @Option(names = "--json", description = "print one JSON document")
        boolean json;

        @Override
        public Integer call() {
            throw NotYet.command("patrol mutes");
        }
    }
}
