package dev.patrol.report.render;

import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The report's records as the templates see them, read in place: a record is a hash of its components,
 * an instant or a date its ISO text, an enum its name: what the contract's JSON says, without first
 * converting the whole report to maps (that copy was a tenth of a warm run, and most of the model's
 * heap). Strings, numbers, booleans, lists and maps are {@link DefaultObjectWrapper}'s.
 */
final class ModelWrapper extends DefaultObjectWrapper {
    /** Each record class's accessors by component name, looked up once per class. */
    private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            Map<String, Method> out = new HashMap<>();
            for (RecordComponent c : type.getRecordComponents()) out.put(c.getName(), c.getAccessor());
            return Map.copyOf(out);
        }
    };

    ModelWrapper() {
        super(Configuration.VERSION_2_3_34);
    }

    @Override
    protected TemplateModel handleUnknownType(Object value) throws TemplateModelException {
        if (value instanceof Record r) return new RecordModel(r, this);
        if (value instanceof Instant || value instanceof LocalDate) return new SimpleScalar(value.toString());
        if (value instanceof Enum<?> e) return new SimpleScalar(e.name());
        return super.handleUnknownType(value);
    }

    /** A record as a hash of its components; any other name is missing, as in the JSON. */
    private record RecordModel(Record record, ModelWrapper wrapper) implements TemplateHashModel {
        @Override
        public TemplateModel get(String key) throws TemplateModelException {
            Method accessor = ACCESSORS.get(record.getClass()).get(key);
            if (accessor == null) return null;
            try {
                return wrapper.wrap(accessor.invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new TemplateModelException("cannot read " + key + " of the report", e);
            }
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }
}
