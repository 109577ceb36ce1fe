package dev.patrol.time;

/** Placeholder replaced by the 5-field cron implementation in the foundation work. */
public final class CronExpression {
}
