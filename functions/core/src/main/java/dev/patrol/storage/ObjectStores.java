package dev.patrol.storage;

import java.util.List;

/** Picks the store that serves a location (s3://... or a local path). */
public record ObjectStores(List<ObjectStore> stores) {
    public ObjectStores {
        stores = List.copyOf(stores);
    }

    public ObjectStore forLocation(String location) {
        return stores.stream().filter(s -> s.handles(location)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no storage can read \"" + location
                        + "\"; use a local path or s3://bucket/key"));
    }
}
