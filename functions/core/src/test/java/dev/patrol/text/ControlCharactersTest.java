package dev.patrol.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void aNameThatWouldRewriteTheTerminalIsShownAsItsEscapes() {
        assertThat(ControlCharacters.escape("db\u001b[2K\r  ✓ db all good\nnext\u0007\u009b\u202etxt.exe"))
                .isEqualTo("db\\e[2K\\r  ✓ db all good\\nnext\\x07\\x9b\\u202etxt.exe");
    }

    @Test
    void textWithLinesKeepsItsLinesAndPlainTextIsUntouched() {
        assertThat(ControlCharacters.escapeKeepingLines("line one\nline\ttwo\u001b")).isEqualTo("line one\nline\\ttwo\\e");
        String plain = "pipeline_20261130.csv.gz — ünïcödé ✓";
        assertThat(ControlCharacters.escape(plain)).isSameAs(plain);
    }
}
