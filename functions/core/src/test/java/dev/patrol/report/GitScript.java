package dev.patrol.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A repository made with the real {@code git} binary, every commit and tag at an exact time
 * (GIT_AUTHOR_DATE, GIT_COMMITTER_DATE), so that reports over it have known answers.
 */
public final class GitScript {
    private final Path dir;
    private String at = "2026-01-01T00:00:00Z";

    public GitScript(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        git("init", "-q", "-b", "main");
        git("config", "user.name", "Dana Dev");
        git("config", "user.email", "dana@acme.example");
        git("config", "commit.gpgsign", "false");
        git("config", "tag.gpgsign", "false");
    }

    public Path dir() {
        return dir;
    }

    /** The time of the next commits and tags. */
    public GitScript at(String isoInstant) {
        at = isoInstant;
        return this;
    }

    public GitScript write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    GitScript writeBytes(String path, byte[] content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return this;
    }

    /** Commits a change to {@code path} (everything staged) and returns the commit's sha. */
    public String commit(String message, String path, String content) throws IOException {
        write(path, content);
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD");
    }

    public String commitAll(String message) throws IOException {
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
        return git("rev-parse", "HEAD");
    }

    public String git(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GIT_AUTHOR_DATE", at);
        env.put("GIT_COMMITTER_DATE", at);
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
