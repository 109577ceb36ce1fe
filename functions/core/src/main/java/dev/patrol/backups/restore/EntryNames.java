package dev.patrol.backups.restore;

/** Archive entry names that a restore would write outside its target folder: absolute paths and {@code ..} steps. */
final class EntryNames {
    private EntryNames() {}

    static boolean unsafe(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) return true;
        for (String segment : n.split("/")) if (segment.equals("..")) return true;
        return false;
    }

    static BrokenBackupException unsafeEntry(String kind, String name) {
        return new BrokenBackupException(kind + " entry '" + printable(name)
                + "' points outside the restore folder (absolute or '..' path): a restore would overwrite files elsewhere; "
                + "rebuild the archive with relative paths");
    }

    /** Names come from untrusted archives: keep messages one line and short. */
    static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 117) + "..." : clean;
    }
}
