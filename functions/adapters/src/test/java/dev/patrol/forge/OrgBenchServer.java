package dev.patrol.forge;

import dev.patrol.secrets.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * For {@code scripts/bench-secrets-org}: serves every bare repository {@code ROOT/ORG/NAME.git} with
 * git's own http-backend ({@link GitHttpServer}, user {@code x-access-token}, password TOKEN) and
 * lists them as the GitHub organisation ORG through {@link ForgeStandIn}, 100 a page. Prints the
 * API's base URL (for {@code PATROL_FORGE_TEST_API}) and serves until killed.
 */
public final class OrgBenchServer {
    private OrgBenchServer() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String org = args[1];
        String token = args[2];
        GitHttpServer git = GitHttpServer.serve(root, "x-access-token", token);
        List<ForgeStandIn.Repo> repos = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root.resolve(org))) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().endsWith(".git")).sorted().toList()) {
                String name = d.getFileName().toString().replaceAll("\\.git$", "");
                long kb;
                try (Stream<Path> files = Files.walk(d)) {
                    kb = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum() / 1024;
                }
                repos.add(new ForgeStandIn.Repo(name, git.url() + org + "/" + name + ".git", false, false, kb));
            }
        }
        ForgeStandIn api = ForgeStandIn.start(100).githubOrg(org, token, repos);
        System.out.println(api.url());
        System.out.flush();
        Thread.currentThread().join();
    }
}
