package dev.patrol.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/** Local files and folders: laptops, CI runners, and the README's example. */
public final class LocalFileStore implements ObjectStore {

    @Override
    public boolean handles(String location) {
        return !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file://");
    }

    static Path path(String location) {
        return location.startsWith("file://") ? Path.of(java.net.URI.create(location)) : Path.of(location);
    }

    @Override
    public Optional<ObjectInfo> stat(String location) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path(location), BasicFileAttributes.class);
            return Optional.of(new ObjectInfo(location, a.size(), a.lastModifiedTime().toInstant(), null, Map.of()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String location) throws IOException {
        return Files.newInputStream(path(location));
    }
}
