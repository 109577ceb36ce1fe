package dev.patrol.report.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * GitHub-flavoured Markdown as a FreeMarker output format, so that every value from git or config
 * is escaped by default, as HTML is in the HTML template: Markdown punctuation gets a backslash,
 * angle brackets become entities (GitHub renders inline HTML), and line breaks a space, so a
 * commit message cannot break a table row.
 */
public final class MarkdownOutputFormat extends CommonMarkupOutputFormat<MarkdownOutputFormat.Markdown> {
    public static final MarkdownOutputFormat INSTANCE = new MarkdownOutputFormat();

    private MarkdownOutputFormat() {}

    /** Text already in Markdown, or plain text waiting to be escaped. */
    public static final class Markdown extends CommonTemplateMarkupOutputModel<Markdown> {
        Markdown(String plainText, String markup) {
            super(plainText, markup);
        }

        @Override
        public MarkdownOutputFormat getOutputFormat() {
            return INSTANCE;
        }
    }

    @Override
    public String getName() {
        return "Markdown";
    }

    @Override
    public String getMimeType() {
        return "text/markdown";
    }

    @Override
    public void output(String text, Writer out) throws IOException {
        out.write(escapePlainText(text));
    }

    @Override
    public String escapePlainText(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\n', '\r' -> b.append(' ');
                case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '!', '|', '~' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Markdown newTemplateMarkupOutputModel(String plainText, String markup) {
        return new Markdown(plainText, markup);
    }
}
