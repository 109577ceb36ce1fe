package dev.patrol.config;

/** Placeholder: reads and validates patrol.yml (foundation work in progress). */
public final class ConfigLoader {
}
