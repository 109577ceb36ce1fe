package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Lists every entry of a tar and reads every byte of it, as {@code tar -t} plus an
 * extraction to nowhere would. A tar that stops at an entry boundary without its
 * closing zero blocks was cut short; {@code tar} itself only warns about that.
 * Links are held to the same rule as names: a symlink or hard link whose target lies
 * outside the archive's root, or an entry written through an earlier symlink, would
 * let a restore write (or expose) files elsewhere. Device files and FIFOs are listed
 * in the facts: a restore as a normal user cannot create them.
 */
final class TarContent implements ContentReader {
    private static final int SPECIAL_NAMES = 5;

    @Override
    public Map<String, Object> read(InputStream raw, Context context) throws IOException {
        TailKeeper tail = new TailKeeper(raw, 1024);
        long entries = 0;
        long files = 0;
        long bytes = 0;
        Set<String> symlinks = new HashSet<>();
        List<String> special = new ArrayList<>();
        long specialCount = 0;
        byte[] buffer = new byte[64 * 1024];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(ContentReader.unclosable(tail))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (++entries > context.limits().maxEntries()) {
                    throw new BrokenBackupException("holds more than " + context.limits().maxEntries() + " entries; not read further");
                }
                String name = EntryNames.normal(e.getName());
                if (EntryNames.unsafe(e.getName())) throw EntryNames.unsafeEntry("tar", e.getName());
                String through = EntryNames.throughLink(name, symlinks);
                if (through != null) {
                    throw new BrokenBackupException("tar entry '" + EntryNames.printable(e.getName()) + "' is written through the symlink '"
                            + EntryNames.printable(through) + "' of an earlier entry: a restore would write wherever that link points; "
                            + "rebuild the archive without following links (tar -h is the opposite)");
                }
                if (e.isSymbolicLink()) {
                    if (EntryNames.escapes(EntryNames.parent(name), e.getLinkName())) throw link("symlink", e);
                    symlinks.add(name);
                } else if (e.isLink()) {
                    if (EntryNames.escapes("", e.getLinkName())) throw link("hard link", e);
                } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    if (specialCount++ < SPECIAL_NAMES) {
                        special.add(EntryNames.printable(e.getName()) + " (" + (e.isFIFO() ? "fifo" : e.isBlockDevice() ? "block device" : "character device") + ")");
                    }
                }
                if (e.isFile()) {
                    files++;
                    long entryBytes = 0;
                    for (int n; (n = tar.read(buffer)) > 0; ) entryBytes += n;
                    if (entryBytes != e.getSize()) {
                        throw new BrokenBackupException("tar entry '" + EntryNames.printable(e.getName()) + "' should hold "
                                + e.getSize() + " bytes but ends after " + entryBytes + ": the archive is truncated");
                    }
                    bytes += entryBytes;
                }
            }
            tail.drain();
        } catch (IllegalArgumentException e) {
            throw new BrokenBackupException("not a readable tar: " + Causes.phrase(e), e);
        }
        if (entries == 0) throw new BrokenBackupException("is an empty tar (no entries)");
        if (!endsWithZeroBlocks(tail)) {
            throw new BrokenBackupException("tar ends after " + entries + " entries without its end-of-archive blocks: "
                    + "the archive was cut short; entries after that point are missing");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("entries", entries);
        facts.put("files", files);
        facts.put("contentBytes", bytes);
        if (specialCount > 0) {
            facts.put("specialFiles", specialCount);
            facts.put("note", specialCount + " device file" + (specialCount == 1 ? "" : "s") + " or FIFO" + (specialCount == 1 ? "" : "s")
                    + " (" + String.join(", ", special) + (specialCount > special.size() ? ", …" : "")
                    + "): a restore as a normal user cannot create them");
        }
        return facts;
    }

    private static BrokenBackupException link(String kind, TarArchiveEntry e) {
        return new BrokenBackupException("tar " + kind + " '" + EntryNames.printable(e.getName()) + "' -> '"
                + EntryNames.printable(e.getLinkName()) + "' points outside the restore folder: a restore would create a way to "
                + "read or overwrite files elsewhere; rebuild the archive with links inside it (or without them)");
    }

    static boolean endsWithZeroBlocks(TailKeeper tail) {
        byte[] end = tail.tail();
        if (end.length < 1024) return false;
        for (byte b : end) if (b != 0) return false;
        return true;
    }
}
