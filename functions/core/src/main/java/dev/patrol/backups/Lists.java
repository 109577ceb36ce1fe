package dev.patrol.backups;

import java.util.List;

/** Long lists in one-line messages: the first few, then how many more. */
final class Lists {
    static final int SHOWN = 5;

    private Lists() {}

    static String some(List<String> items) {
        if (items.size() <= SHOWN) return String.join(", ", items);
        return String.join(", ", items.subList(0, SHOWN)) + " and " + (items.size() - SHOWN) + " more";
    }
}
