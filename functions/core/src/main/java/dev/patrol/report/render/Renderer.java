package dev.patrol.report.render;

import dev.patrol.report.Report;
import dev.patrol.state.Json;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Renders a {@link Report} as one self-contained HTML file, GitHub-flavoured Markdown and the
 * contract's JSON. Templates are FreeMarker's: {@code .ftlh} escapes every value as HTML, the
 * Markdown template uses {@link MarkdownOutputFormat}; nothing is put together by concatenation.
 */
public final class Renderer {
    /** One rendered file: its name, media type and content. */
    public record Output(String name, String contentType, String content) {}

    /**
     * One configuration per process, as FreeMarker advises: it holds the template cache, so each
     * template is parsed once, not once per report (a daily function stays warm between runs).
     * Thread-safe once configured.
     */
    private static final Configuration FREEMARKER = configuration();

    private static Configuration configuration() {
        Configuration freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setClassForTemplateLoading(Renderer.class, "/dev/patrol/report/render/");
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setRegisteredCustomOutputFormats(List.of(MarkdownOutputFormat.INSTANCE));
        freemarker.setNumberFormat("0.##");
        freemarker.setBooleanFormat("c");
        // A template mistake is Patrol's bug: fail the render rather than write half a page.
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
        freemarker.setObjectWrapper(new ModelWrapper());
        return freemarker;
    }

    /**
     * Starts loading the templates (FreeMarker's ~500 classes and the parse of both, ~0.1 s in a fresh JVM) and
     * the JSON writer's serializers on a thread of their own, so that they overlap with the reading of the history
     * and the state rather than waiting for the report to be complete (as {@link dev.patrol.report.Redaction#prepare}).
     * A failure shows in {@link #render}, on the report's own thread, as before.
     */
    public static void prepare(List<String> formats) {
        Thread.ofPlatform().daemon().name("patrol-report-templates").start(() -> {
            try {
                if (formats.contains("json")) Json.MAPPER.writerFor(Report.class);
                if (formats.contains("html")) FREEMARKER.getTemplate("report.ftlh");
                if (formats.contains("md")) FREEMARKER.getTemplate("report.md.ftl");
            } catch (Throwable e) {
                // Reported by render, which loads them again.
            }
        });
    }

    public List<Output> render(Report report, List<String> formats) {
        for (String f : formats) {
            if (!List.of("html", "md", "json").contains(f)) throw new IllegalArgumentException("no report format " + f + "; use html, md or json");
        }
        // HTML and Markdown read the same model (the templates never change it): built once.
        Map<String, Object> model = formats.contains("html") || formats.contains("md") ? model(report) : null;
        List<FutureTask<Output>> files = new ArrayList<>();
        for (String f : formats) {
            FutureTask<Output> file = new FutureTask<>(() -> switch (f) {
                case "html" -> new Output("report.html", "text/html; charset=utf-8", template("report.ftlh", model));
                case "md" -> new Output("report.md", "text/markdown; charset=utf-8", template("report.md.ftl", model));
                default -> new Output("report.json", "application/json", json(report));
            });
            // The formats are independent: each after the first on a thread of its own, rendered on a second core when there is one.
            if (!files.isEmpty()) Thread.ofPlatform().daemon().name("patrol-report-" + f).start(file);
            files.add(file);
        }
        files.getFirst().run();
        List<Output> out = new ArrayList<>();
        for (FutureTask<Output> file : files) out.add(rendered(file));
        return out;
    }

    private static Output rendered(FutureTask<Output> file) {
        try {
            return file.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the report", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    public static String json(Report report) {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
    }

    /** The report itself (read through {@link ModelWrapper}), with the charts beside it. */
    private static Map<String, Object> model(Report report) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("r", report);
        model.put("attention", dev.patrol.report.digest.Attention.of(report.digest(), report.repos(), report.generatedAt()));
        model.put("when", new TimeText(report.generatedAt()));
        model.put("pct", new PercentText());
        Map<String, Object> charts = new LinkedHashMap<>();
        var jobs = report.digest().jobs();
        charts.put("uptime", Charts.uptime((dev.patrol.report.digest.Digest.Health) jobs.get("health")));
        charts.put("findings", Charts.findingsOpen((dev.patrol.report.digest.Digest.Secrets) jobs.get("secrets")));
        charts.put("backups", Charts.backupSizes((dev.patrol.report.digest.Digest.Backups) jobs.get("backups")));
        Map<String, Object> dora = new LinkedHashMap<>();
        Map<String, Object> lead = new LinkedHashMap<>();
        Map<String, Object> restore = new LinkedHashMap<>();
        Map<String, Object> scores = new LinkedHashMap<>();
        for (Report.Repo repo : report.repos()) {
            if (repo.scoreTrend() != null && repo.scoreTrend().points().size() > 1) scores.put(repo.repo(), Charts.scoreDays(repo));
            if (repo.dora() == null) continue;
            dora.put(repo.repo(), Charts.doraWeeks(repo));
            lead.put(repo.repo(), Charts.leadTimeWeeks(repo));
            restore.put(repo.repo(), Charts.restoreWeeks(repo));
        }
        charts.put("dora", dora);
        charts.put("lead", lead);
        charts.put("restore", restore);
        charts.put("scores", scores);
        model.put("charts", charts);
        return model;
    }

    private static String template(String name, Map<String, Object> model) {
        try {
            Template t = FREEMARKER.getTemplate(name);
            TextWriter w = new TextWriter();
            t.process(model, w);
            return w.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("the " + name + " template failed (a Patrol bug): " + e.getMessage(), e);
        }
    }

    /** A {@link java.io.StringWriter} without StringBuffer's lock on every write: a report's HTML is ~200,000 of them. */
    private static final class TextWriter extends Writer {
        private final StringBuilder text = new StringBuilder(1 << 16);

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String s, int offset, int length) {
            text.append(s, offset, offset + length);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
