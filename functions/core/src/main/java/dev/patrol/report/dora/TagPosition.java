package dev.patrol.report.dora;

import java.time.Instant;

/**
 * Where a deployment tag pointed when Patrol last looked, and the time it counted for it. Git
 * keeps no history of a tag, so Patrol remembers it: a tag later moved to an older commit is a
 * rollback, and its earlier position stays a deployment of its own. {@code current} is false for
 * positions the tag has since left.
 */
public record TagPosition(String tag, String sha, Instant time, boolean current) {}
