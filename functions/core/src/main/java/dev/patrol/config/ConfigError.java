package dev.patrol.config;

/** One problem in a config file: where (file, line, key path) and what to do about it. */
public record ConfigError(String file, int line, String path, String message) {
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return path == null || path.isEmpty() ? where + ": " + message : where + ": " + path + " " + message;
    }
}
