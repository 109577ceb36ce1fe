package dev.patrol.backups;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.BundleWriter;

/** Backup bytes of every format, healthy and broken, made in memory for tests. Public: the adapters' tests use them too. */
public final class Fixtures {
    private Fixtures() {}

    public static byte[] csv(int rows) {
        StringBuilder s = new StringBuilder("id,company,stage,amount\n");
        for (int i = 1; i <= rows; i++) s.append(i).append(",\"Acme, Inc. #").append(i).append("\",negotiation,").append(1000 + i).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] zstd(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A tar of the given entries (name to content), entry names written as given, even hostile ones. */
    public static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true); // true: keep ../ and leading / as they are
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip bomb: one entry of {@code megabytes} of zeros, compressing about 1000:1. */
    public static byte[] zipBomb(int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            zeros(zip, megabytes);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A gzip bomb: {@code megabytes} of zeros. */
    public static byte[] gzipBomb(int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            zeros(z, megabytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void zeros(java.io.OutputStream out, int megabytes) throws IOException {
        byte[] mb = new byte[1 << 20];
        for (int i = 0; i < megabytes; i++) out.write(mb);
    }

    public static byte[] pgDump(boolean complete) {
        String dump = """
                --
                -- PostgreSQL database dump
                --

                SET statement_timeout = 0;
                CREATE TABLE public.deals (id integer NOT NULL, amount numeric);
                COPY public.deals (id, amount) FROM stdin;
                1\t1000
                2\t2000
                \\.

                """ + (complete ? "--\n-- PostgreSQL database dump complete\n--\n\n" : "");
        return dump.getBytes(StandardCharsets.UTF_8);
    }

    /** A git repository with two commits on main and a tag, under {@code dir}. */
    public static Path gitRepository(Path dir) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("deals.csv"), new String(csv(10), StandardCharsets.UTF_8));
            git.add().addFilepattern("deals.csv").call();
            git.commit().setMessage("first").setAuthor("Patrol", "patrol@example.com").setSign(false).call();
            Files.writeString(dir.resolve("README.md"), "deals\n");
            git.add().addFilepattern("README.md").call();
            git.commit().setMessage("second").setAuthor("Patrol", "patrol@example.com").setSign(false).call();
            git.tag().setName("v1").setSigned(false).setAnnotated(false).call();
        }
        return dir;
    }

    public static byte[] gitBundle(Path repoDir) throws Exception {
        try (Git git = Git.open(repoDir.toFile())) {
            Repository repo = git.getRepository();
            BundleWriter bundle = new BundleWriter(repo);
            for (var ref : repo.getRefDatabase().getRefs()) if (!ref.isSymbolic()) bundle.include(ref);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bundle.writeBundle(NullProgressMonitor.INSTANCE, out);
            return out.toByteArray();
        }
    }

    public static byte[] truncate(byte[] bytes, double keep) {
        return Arrays.copyOf(bytes, (int) (bytes.length * keep));
    }

    /** The same bytes with one flipped in the middle. */
    public static byte[] flipByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 0x5a;
        return copy;
    }

    public static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Writes a file and sets its modification time, as a backup job writing at {@code written} would. */
    public static Path write(Path file, byte[] bytes, Instant written) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }
}
