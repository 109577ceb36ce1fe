package dev.patrol.report;

import dev.patrol.report.render.Renderer;
import dev.patrol.storage.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a report is kept: {@code OUTPUT/YYYY/MM/DD/} and a copy in {@code OUTPUT/latest/}, through
 * the object-store port (S3 with its Content-Type and server-side encryption, or a local folder).
 * The dated copy is written first, so {@code latest/} never points at a report that is not kept.
 */
public final class ReportOutput {
    /** Presigned S3 links last this long (S3's most for SigV4). */
    public static final Duration LINK_VALID = Duration.ofDays(7);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu/MM/dd").withZone(ZoneOffset.UTC);

    /** What was written: every location, and a link to the first file (the format asked for; the HTML by default) a person can open. */
    public record Written(String folder, List<String> locations, String open, String link) {}

    private final ObjectStore store;

    public ReportOutput(ObjectStore store) {
        this.store = store;
    }

    public Written write(String output, Instant at, List<Renderer.Output> files) throws IOException {
        String base = output.endsWith("/") ? output : output + "/";
        String dated = base + DAY.format(at) + "/";
        List<String> locations = new ArrayList<>();
        // Each file is encoded once for both copies.
        List<byte[]> encoded = new ArrayList<>(files.size());
        for (Renderer.Output f : files) encoded.add(f.content().getBytes(StandardCharsets.UTF_8));
        for (String folder : List.of(dated, base + "latest/")) {
            for (int i = 0; i < files.size(); i++) {
                Renderer.Output f = files.get(i);
                store.write(folder + f.name(), encoded.get(i), f.contentType());
                locations.add(folder + f.name());
            }
        }
        String open = dated + files.getFirst().name();
        Optional<String> link = store.link(open, LINK_VALID);
        return new Written(dated, locations, open, link.orElse(null));
    }
}
