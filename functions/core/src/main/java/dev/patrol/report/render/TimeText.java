package dev.patrol.report.render;

import dev.patrol.report.digest.ReadableTime;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code when(t)} in the templates: an instant of the report (ISO text, as {@link ModelWrapper} gives it) as people read it,
 * "07:02 UTC" on the report's day, "3 Dec 07:02 UTC" before; {@code when(t, "full")} with the weekday and year.
 */
final class TimeText implements TemplateMethodModelEx {
    private final Instant now;

    TimeText(Instant now) {
        this.now = now;
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
        if (arguments.isEmpty() || !(arguments.getFirst() instanceof TemplateScalarModel text)) {
            throw new TemplateModelException("when(t) needs a time");
        }
        Instant t;
        try {
            t = Instant.parse(text.getAsString());
        } catch (DateTimeParseException e) {
            throw new TemplateModelException("when(t): not a time: " + text.getAsString(), e);
        }
        boolean full = arguments.size() > 1 && arguments.get(1) instanceof TemplateScalarModel f && "full".equals(f.getAsString());
        return full ? ReadableTime.full(t) : ReadableTime.near(t, now);
    }
}
