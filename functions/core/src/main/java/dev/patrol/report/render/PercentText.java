package dev.patrol.report.render;

import dev.patrol.report.digest.DigestBuilder;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import java.util.List;

/**
 * {@code pct(share)} in the templates: a share as the digest, the charts and the Slack message write it (two decimals,
 * cut rather than rounded, so 99.999% is never shown as 100%). FreeMarker's own {@code ?string("0.##")} rounds: the
 * table said 66.67% beside a chart's 66.66% for the same two checks of three.
 */
final class PercentText implements TemplateMethodModelEx {
    @Override
    public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
        if (arguments.isEmpty() || !(arguments.getFirst() instanceof TemplateNumberModel n)) {
            throw new TemplateModelException("pct(share) needs a number");
        }
        return DigestBuilder.percent(n.getAsNumber().doubleValue());
    }
}
