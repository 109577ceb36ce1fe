package dev.patrol.backups.restore;

/**
 * Counts the rows of COPY text as it streams past: one per line, up to the {@code \.}
 * line that ends the data (tar and directory dumps write it into their data files,
 * custom dumps leave it out).
 */
final class CopyRows {
    private long rows;
    private int lineLength;
    private boolean backslashDot;
    private boolean ended;

    void feed(byte[] b, int off, int n) {
        if (ended) return;
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            if (c == '\n') {
                if (lineLength == 2 && backslashDot) {
                    ended = true;
                    return;
                }
                rows++;
                lineLength = 0;
                backslashDot = false;
            } else {
                if (lineLength == 0) backslashDot = c == '\\';
                else if (lineLength == 1) backslashDot &= c == '.';
                lineLength++;
            }
        }
    }

    long rows() {
        return rows;
    }
}
