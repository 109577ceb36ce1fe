package dev.patrol.secrets.files;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.FoundSecrets;
import dev.patrol.secrets.Suppressions;
import dev.patrol.secrets.detect.Detector;
import dev.patrol.secrets.detect.Hit;
import dev.patrol.secrets.git.Unread;
import dev.patrol.secrets.rules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scans the files of a folder that is not a git repository (gitleaks' "dir"
 * mode): every regular file under the size limit that is not binary, without
 * following symbolic links or descending into {@code .git}. Places carry no
 * commit; their date is the file's modification time.
 */
public final class FolderScanner {

    private static final Set<String> BINARY_EXTENSIONS = Set.of(
            "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "pdf", "zip", "gz", "tgz", "bz2", "xz", "7z", "jar",
            "class", "so", "dll", "exe", "dylib", "woff", "woff2", "ttf", "otf", "mp3", "mp4", "mov", "wav", "pyc");

    private final Detector detector;
    private final long maxBytes;

    public FolderScanner(Detector detector, long maxBytes) {
        this.detector = detector;
        this.maxBytes = maxBytes;
    }

    /** Findings under {@code root}; a {@code .gitleaksignore} at the root is honoured. */
    public List<Finding> scan(Path root, String name, Suppressions suppressions) throws IOException {
        return scan(root, name, suppressions, new java.util.ArrayList<>());
    }

    /** The same, adding to {@code unread} each file left unread: over the size limit, or not readable. */
    public List<Finding> scan(Path root, String name, Suppressions suppressions, List<Unread> unread) throws IOException {
        Path ignore = root.resolve(".gitleaksignore");
        Suppressions all = Files.isRegularFile(ignore)
                ? suppressions.and(Suppressions.fromIgnoreFile(Files.readString(ignore, StandardCharsets.UTF_8)))
                : suppressions;
        FoundSecrets found = new FoundSecrets(name, detector.ruleSet(), all);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && attrs.size() > maxBytes) {
                    unread.add(new Unread(Unread.Kind.TOO_LARGE, relative(root, file), "", "larger than the " + (maxBytes >> 20) + " MB limit, not read"));
                } else if (attrs.isRegularFile() && !binaryByName(file)) {
                    scanFile(root, file, attrs, found);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // An unreadable file is not a reason to stop the sweep, but it is one to say so.
                unread.add(new Unread(Unread.Kind.UNREADABLE, relative(root, file), "",
                        e instanceof java.nio.file.AccessDeniedException ? "permission denied, not read" : "could not be read, not read"));
                return FileVisitResult.CONTINUE;
            }
        });
        return found.findings(fp -> true);
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private void scanFile(Path root, Path file, BasicFileAttributes attrs, FoundSecrets found) throws IOException {
        String path = relative(root, file);
        var who = new FoundSecrets.Author("", "", "", attrs.lastModifiedTime().toInstant(), "");
        for (Rule r : detector.ruleSet().rules()) {
            if (r.regex() == null && r.appliesTo(path)) found.add(r, FoundSecrets.fileHit(r, path), path, who);
        }
        byte[] data = Files.readAllBytes(file);
        for (Hit h : detector.examine(data, data.length, r -> true).hits()) {
            found.add(detector.ruleSet().rule(h.ruleId()).orElseThrow(), h, path, who);
        }
    }

    private static boolean binaryByName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot >= 0 && BINARY_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
