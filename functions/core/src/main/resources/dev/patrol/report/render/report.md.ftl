<#ftl output_format="Markdown">
<#-- "1 run", "3 runs": a count and its noun. -->
<#macro n count word>${count} ${word}<#if count != 1>s</#if></#macro>
<#assign d = r.digest>
# ${r.project}: Patrol report

Generated ${when(r.generatedAt, "full")}, window ${r.window.from?substring(0, 10)} to ${r.window.to?substring(0, 10)}.

<#if attention.items?has_content>
## Needs attention today (${attention.items?size})

<#list attention.items as i>
1. **${i.word}** ${i.what}<#if i.detail?has_content>: ${i.detail}</#if>
</#list>
<#else>
## Needs attention today

All quiet: nothing down, no backup failing, no secret open, Patrol checked everything.
</#if>

<#list attention.goodNews as g>
- ✓ ${g}
</#list>

## Digest: the last 24 hours

**${d.summary}**

<#assign h = d.jobs.health>
### Health

${h.up} up, ${h.down} down now; <@n h.transitions?size "transition"/> in the last 24 hours, <@n h.missedHeartbeats?size "heartbeat"/> missed.

<#if h.targets?has_content>
| Target | Kind | Now | Uptime 24 h | 7 days before | Incidents 24 h | 7 days before |
|---|---|---|---|---|---|---|
<#list h.targets as t>
| ${t.name} | ${t.kind} | ${t.status} | <#if t.uptime??>${pct(t.uptime)}<#else>—</#if> | <#if t.uptimeBefore??>${pct(t.uptimeBefore)}<#else>—</#if> | ${t.incidents} | ${t.incidentsBefore} |
</#list>
</#if>

<#assign b = d.jobs.backups>
### Backups

${b.verified} verified, ${b.failing} failing.

<#if b.sets?has_content>
| Backup set | Now | Newest | Age | Size trend |
|---|---|---|---|---|
<#list b.sets as s>
| ${s.name} | ${s.status} | ${s.newest!"—"} | <#if s.newestAgeHours??>${s.newestAgeHours} h<#else>—</#if> | ${s.sizeTrend!"—"} |
</#list>
</#if>

<#assign s = d.jobs.secrets>
### Secret findings

${s.newFindings?size} new in the last 24 hours (${s.newBefore} in the 7 days before), ${s.open} open.

<#list s.openFindings as f>
- ${f.rule} in ${f.repo} at ${f.place} (`${f.redacted}`), first seen ${f.firstSeen}
</#list>

<#assign p = d.jobs.patrol>
### Patrol's own runs

<@n p.total "run"/> in the last 24 hours, ${p.failed} could not check everything.

<#list r.repos as repo>
## Repository ${repo.repo}

<#if repo.error??>
Could not be read: ${repo.error}

<#else>
<#assign sc = repo.scorecard>
### Maturity scorecard: ${sc.score!"—"} / 100 (${sc.band!"insufficient"})
<#if repo.scoreTrend?? && repo.scoreTrend.change??>

<#if repo.scoreTrend.change.direction == "down">▼ **${repo.scoreTrend.change.summary}**<#elseif repo.scoreTrend.change.direction == "up">▲ ${repo.scoreTrend.change.summary}<#else>${repo.scoreTrend.change.summary}</#if>
</#if>

| Category | Weight | Score (0–10) |
|---|---|---|
<#list sc.categories as c>
| ${c.title} | ${c.weight}% | ${(c.score?string("0.#"))!"left out"} |
</#list>

<details><summary>Checks and evidence</summary>

| Check | Score | Evidence |
|---|---|---|
<#list sc.categories as c><#list c.checks as k>
| ${k.id} | ${k.score!"—"} | <#if k.reason??>inconclusive: ${k.reason}</#if><#list k.evidence as e>${e}<#sep>; </#list> |
</#list></#list>

</details>

<#if sc.leftOut?has_content>
Left out (the weights renormalise over the rest): <#list sc.leftOut as l>${l.check} (${l.reason})<#sep>; </#list>.
</#if>

<#assign dora = repo.dora>
### DORA metrics (${dora.benchmark}, deployments: ${dora.deployments})

| Metric | Value | Bucket | From |
|---|---|---|---|
| Deployment frequency | ${(dora.deploymentFrequency.perWeek?string("0.##") + " / week")!"—"} | ${dora.deploymentFrequency.bucket} | ${dora.deploymentFrequency.deployments} deployments |
| Lead time for changes | ${(dora.leadTime.medianHours?string("0.##") + " h")!"—"} | ${dora.leadTime.bucket} | median of ${dora.leadTime.changes} changes |
| Change failure rate | ${((dora.changeFailureRate.rate * 100)?string("0.#") + "%")!"—"} | ${dora.changeFailureRate.bucket} | ${dora.changeFailureRate.failed} of ${dora.changeFailureRate.deployments} failed |
| Time to restore | ${(dora.timeToRestore.medianMinutes?string("0.#") + " min")!"—"} | ${dora.timeToRestore.bucket} | median of ${dora.timeToRestore.incidents} incidents |

<details><summary>Deployments per week</summary>

| Week of | Deployments | Failed | Median lead time (h) | Incidents |
|---|---|---|---|---|
<#list dora.weeks as w>
| ${w.from?substring(0, 10)} | ${w.deployments} | ${w.failed} | ${w.medianLeadHours!"—"} | ${w.incidents} |
</#list>

</details>

<details><summary>Deployments, failures and incidents</summary>

| Deployment | Commit | When | Changes | Failed |
|---|---|---|---|---|
<#list dora.deploymentFrequency.evidence as x>
| ${x.ref}<#if x.rollback> (rollback)</#if> | `${x.sha?substring(0, 12)}` | ${x.time} | ${x.changes} | ${x.failed?then("yes", "")} |
</#list>

<#list dora.changeFailureRate.evidence as x>
- ${x.deployment} failed: ${x.cause} ${x.by} at ${x.at} (${x.detail})
</#list>
<#list dora.timeToRestore.evidence as x>
- ${x.target} down ${x.down}, up ${x.up!"not yet"}<#if x.minutes??> (${x.minutes} min)</#if>
</#list>

</details>

</#if>
</#list>
