package dev.patrol.config;

import java.util.List;
import java.util.stream.Collectors;

/** The config is wrong; carries every error found, each with file:line and key (exit 2). */
public class ConfigException extends RuntimeException {
    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String file, String message) {
        this(List.of(new ConfigError(file, 0, "", message)));
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
