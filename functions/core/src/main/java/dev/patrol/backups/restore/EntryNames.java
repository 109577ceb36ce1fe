package dev.patrol.backups.restore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Archive entry names and link targets that a restore would resolve outside its target
 * folder: absolute paths, {@code ..} steps above the root, and paths through links.
 */
public final class EntryNames {
    private EntryNames() {}

    static boolean unsafe(String name) {
        String n = name.replace('\\', '/');
        if (absolute(n)) return true;
        for (String segment : n.split("/")) if (segment.equals("..")) return true;
        return false;
    }

    private static boolean absolute(String n) {
        return n.startsWith("/") || n.matches("^[A-Za-z]:.*");
    }

    /** Whether {@code target}, resolved from folder {@code from} (relative to the root), leaves the root. */
    static boolean escapes(String from, String target) {
        String t = target.replace('\\', '/');
        if (absolute(t)) return true;
        Deque<String> path = new ArrayDeque<>();
        for (String s : (from.isEmpty() ? t : from + "/" + t).split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (path.isEmpty()) return true;
                path.removeLast();
            } else {
                path.addLast(s);
            }
        }
        return false;
    }

    /** The name without {@code ./}, doubled or trailing slashes: {@code ./a//b/} is {@code a/b}. */
    static String normal(String name) {
        StringBuilder out = new StringBuilder();
        for (String s : name.replace('\\', '/').split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (!out.isEmpty()) out.append('/');
            out.append(s);
        }
        return out.toString();
    }

    static String parent(String normalName) {
        int slash = normalName.lastIndexOf('/');
        return slash < 0 ? "" : normalName.substring(0, slash);
    }

    /** The earlier symlink that a (normal) name passes through as a folder, or null. */
    static String throughLink(String normalName, Set<String> symlinks) {
        if (symlinks.isEmpty()) return null;
        for (int i = normalName.indexOf('/'); i > 0; i = normalName.indexOf('/', i + 1)) {
            String prefix = normalName.substring(0, i);
            if (symlinks.contains(prefix)) return prefix;
        }
        return null;
    }

    static BrokenBackupException unsafeEntry(String kind, String name) {
        return new BrokenBackupException(kind + " entry '" + printable(name)
                + "' points outside the restore folder (absolute or '..' path): a restore would overwrite files elsewhere; "
                + "rebuild the archive with relative paths");
    }

    /** Names come from untrusted archives: keep messages one line and short. */
    public static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 117) + "..." : clean;
    }
}
