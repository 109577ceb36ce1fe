package dev.patrol.report.render;

import dev.patrol.report.Report;
import dev.patrol.state.Json;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    public List<Output> render(Report report, List<String> formats) {
        List<Output> out = new ArrayList<>();
        // HTML and Markdown read the same model (the templates never change it): built once.
        Map<String, Object> model = formats.contains("html") || formats.contains("md") ? model(report) : null;
        for (String f : formats) {
            switch (f) {
                case "html" -> out.add(new Output("report.html", "text/html; charset=utf-8", template("report.ftlh", model)));
                case "md" -> out.add(new Output("report.md", "text/markdown; charset=utf-8", template("report.md.ftl", model)));
                case "json" -> out.add(new Output("report.json", "application/json", json(report)));
                default -> throw new IllegalArgumentException("no report format " + f + "; use html, md or json");
            }
        }
        return out;
    }

    public static String json(Report report) {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
    }

    /** The report itself (read through {@link ModelWrapper}), with the charts beside it. */
    private static Map<String, Object> model(Report report) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("r", report);
        Map<String, Object> charts = new LinkedHashMap<>();
        var jobs = report.digest().jobs();
        charts.put("uptime", Charts.uptime((dev.patrol.report.digest.Digest.Health) jobs.get("health")));
        charts.put("findings", Charts.findingsOpen((dev.patrol.report.digest.Digest.Secrets) jobs.get("secrets")));
        charts.put("backups", Charts.backupSizes((dev.patrol.report.digest.Digest.Backups) jobs.get("backups")));
        Map<String, Object> dora = new LinkedHashMap<>();
        Map<String, Object> lead = new LinkedHashMap<>();
        Map<String, Object> restore = new LinkedHashMap<>();
        for (Report.Repo repo : report.repos()) {
            if (repo.dora() == null) continue;
            dora.put(repo.repo(), Charts.doraWeeks(repo));
            lead.put(repo.repo(), Charts.leadTimeWeeks(repo));
            restore.put(repo.repo(), Charts.restoreWeeks(repo));
        }
        charts.put("dora", dora);
        charts.put("lead", lead);
        charts.put("restore", restore);
        model.put("charts", charts);
        return model;
    }

    private static String template(String name, Map<String, Object> model) {
        try {
            Template t = FREEMARKER.getTemplate(name);
            StringWriter w = new StringWriter();
            t.process(model, w);
            return w.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("the " + name + " template failed (a Patrol bug): " + e.getMessage(), e);
        }
    }
}
