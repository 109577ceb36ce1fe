package dev.patrol.config;

/** One problem in a config file: where (file, line, key path) and what to do about it. */
public record ConfigError(String file, int line, String path, String message) {
    @Override
    public String toString() {
        boolean noPath = path == null || path.isEmpty();
        if (line <= 0 && noPath) return file + " " + message;
        String where = line > 0 ? file + ":" + line : file;
        return noPath ? where + ": " + message : where + ": " + path + " " + message;
    }
}
