package dev.patrol.secrets.report;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Redaction;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.git.Unread;
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

    /** Writes the findings; with {@code redact}, their secrets show only their first characters wherever they appear. */
    public void write(List<Finding> findings, Writer out, boolean redact) throws IOException {
        write(findings, out, redact ? Redaction.of(findings, null) : Redaction.NONE);
    }

    /** Writes the findings, every field that can carry a secret (match, path, commit message) through {@code shown}. */
    public void write(List<Finding> findings, Writer out, Redaction shown) throws IOException {
        write(findings, List.of(), out, shown);
    }

    /** Writes a sweep's findings and, where the format has room for it, what the sweep could not read. */
    public void write(ScanResult result, Writer out, Redaction shown) throws IOException {
        write(result.findings(), result.unread(), out, shown);
    }

    /** SARIF's own way to say the scan could not run (a failed invocation with the reason), for a SARIF consumer reading stdout. */
    public static void writeSarifFailure(String message, int exitCode, Writer out) throws IOException {
        SarifReport.writeFailure(message, exitCode, out);
    }

    private void write(List<Finding> findings, List<Unread> unread, Writer out, Redaction shown) throws IOException {
        switch (this) {
            case TEXT -> TextReport.write(findings, out, shown);
            case JSON -> JsonReport.write(findings, unread, out, shown);
            case SARIF -> SarifReport.write(findings, unread, out, shown);
            case GITLEAKS -> GitleaksReport.write(findings, out, shown);
        }
    }
}
