package dev.patrol.backups.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one object is opened for its restore test: the compression layers to undo,
 * outermost first, then the format of what is inside. {@code auto} reads both from
 * the name ({@code x.tar.gz}: gzip, then tar); an explicit format overrides the
 * content, while compression still follows the name.
 */
public record RestorePlan(List<RestoreFormat> layers, RestoreFormat content) {

    public RestorePlan {
        layers = List.copyOf(layers);
    }

    public static RestorePlan of(RestoreFormat restore, String name) {
        if (restore == RestoreFormat.NONE) return new RestorePlan(List.of(), RestoreFormat.NONE);
        List<RestoreFormat> layers = new ArrayList<>();
        String rest = name.toLowerCase(Locale.ROOT);
        while (true) {
            if (rest.endsWith(".gz") || rest.endsWith(".gzip")) {
                layers.add(RestoreFormat.GZIP);
                rest = rest.substring(0, rest.lastIndexOf('.'));
            } else if (rest.endsWith(".tgz")) {
                layers.add(RestoreFormat.GZIP);
                rest = rest.substring(0, rest.length() - 4) + ".tar";
            } else if (rest.endsWith(".zst") || rest.endsWith(".zstd")) {
                layers.add(RestoreFormat.ZSTD);
                rest = rest.substring(0, rest.lastIndexOf('.'));
            } else {
                break;
            }
        }
        if (restore.compression()) {
            if (!layers.contains(restore)) layers.add(0, restore);
            return new RestorePlan(layers, byExtension(rest));
        }
        return new RestorePlan(layers, restore == RestoreFormat.AUTO ? byExtension(rest) : restore);
    }

    private static RestoreFormat byExtension(String name) {
        if (name.endsWith(".tar")) return RestoreFormat.TAR;
        if (name.endsWith(".zip")) return RestoreFormat.ZIP;
        if (name.endsWith(".csv") || name.endsWith(".tsv")) return RestoreFormat.CSV;
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) return RestoreFormat.JSON;
        if (name.endsWith(".sql") || name.endsWith(".pgdump") || name.endsWith(".dump")) return RestoreFormat.PGDUMP;
        if (name.endsWith(".bundle")) return RestoreFormat.GIT_BUNDLE;
        if (name.endsWith(".sqlite") || name.endsWith(".sqlite3") || name.endsWith(".db")) return RestoreFormat.SQLITE;
        return RestoreFormat.NONE;
    }

    /** "gzip + csv", "tar", "none": what the restore test did, for details. */
    public String describe() {
        List<String> words = new ArrayList<>();
        layers.forEach(l -> words.add(l.id()));
        if (content != RestoreFormat.NONE || words.isEmpty()) words.add(content.id());
        return String.join(" + ", words);
    }
}
