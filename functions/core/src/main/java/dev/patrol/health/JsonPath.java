package dev.patrol.health;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** The small path language of conditions: {@code .checks.database.status}, {@code .items[0].name}. */
final class JsonPath {
    private JsonPath() {}

    static JsonNode find(JsonNode root, String path) {
        JsonNode n = root;
        int i = 0;
        while (i < path.length() && n != null && !n.isMissingNode()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') end++;
                n = n.path(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) return MissingNode.getInstance();
                try {
                    n = n.path(Integer.parseInt(path.substring(i + 1, end).trim()));
                } catch (NumberFormatException e) {
                    return MissingNode.getInstance();
                }
                i = end + 1;
            } else {
                return MissingNode.getInstance();
            }
        }
        return n;
    }
}
