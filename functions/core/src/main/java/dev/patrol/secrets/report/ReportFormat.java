package dev.patrol.secrets.report;

import dev.patrol.secrets.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The outputs of {@code secrets scan --format}: text, json, sarif, gitleaks. */
public enum ReportFormat {
    TEXT, JSON, SARIF, GITLEAKS;

    public static ReportFormat parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + name + "': use text, json, sarif or gitleaks");
        }
    }

    /** Writes the findings; with {@code redact}, secrets show only their first characters. */
    public void write(List<Finding> findings, Writer out, boolean redact) throws IOException {
        switch (this) {
            case TEXT -> TextReport.write(findings, out, redact);
            case JSON -> JsonReport.write(findings, out, redact);
            case SARIF -> SarifReport.write(findings, out, redact);
            case GITLEAKS -> GitleaksReport.write(findings, out, redact);
        }
    }
}
