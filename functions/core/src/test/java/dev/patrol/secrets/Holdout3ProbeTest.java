package dev.patrol.secrets;

import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.rules.RuleSet;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Holdout 3, second batch written after the blind run: more real-world contexts, and git-remote URL decoys. */
class Holdout3ProbeTest {
    @TempDir Path dir;
    Random r = new Random(7);
    String s(String a, int n) { StringBuilder b = new StringBuilder(); for (int i = 0; i < n; i++) b.append(a.charAt(r.nextInt(a.length()))); return b.toString(); }
    static final String AN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", HX = "0123456789abcdef", U = AN + "-_";

    @Test
    void secondBatchIsFoundWithoutFalsePositives() throws Exception {
        Map<String, String> needles = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        String pw = s(AN, 8) + "!" + s(AN, 6);
        files.put("src/App/appsettings.json", "{\"Db\": \"Server=tcp:acme.database.windows.net,1433;Database=orders;User ID=sa;Password=" + pw + ";Encrypt=True\"}\n"); needles.put("mssql-conn", pw);
        String k = s(AN + "+/", 40), kid = "AK" + "IA" + s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        files.put("creds.json", "{\n  \"AccessKey\": {\n    \"UserName\": \"ci\",\n    \"AccessKeyId\": \"" + kid + "\",\n    \"SecretAccessKey\": \"" + k + "\"\n  }\n}\n"); needles.put("aws-json-secret", k); needles.put("aws-json-id", kid);
        String g = "GOC" + "SPX-" + s(U, 28);
        files.put("client_secret.json", "{\"web\":{\"client_id\":\"123-abc.apps.googleusercontent.com\",\"client_secret\":\"" + g + "\"}}\n"); needles.put("google-oauth-secret", g);
        String o = "sk-" + s(AN, 20) + "T3Blbk" + "FJ" + s(AN, 20);
        files.put("legacy.py", "openai.api_key = '" + o + "'\n"); needles.put("openai-legacy", o);
        String a = "sk-" + "ant-admin01-" + s(U, 93) + "AA";
        files.put("admin.sh", "export ANTHROPIC_ADMIN_KEY=" + a + "\n"); needles.put("anthropic-admin", a);
        String gh = "gh" + "p_" + s(AN, 36);
        files.put(".git-credentials", "https://dana:" + gh + "@github.com\n"); needles.put("git-credentials", gh);
        String kp = s(AN, 24);
        files.put("app/src/main/kotlin/Api.kt", "object Api {\n    const val API_KEY = \"" + kp + "\"\n}\n"); needles.put("kotlin-const", kp);
        String cs = s(AN, 28);
        files.put("src/Api/Keys.cs", "public static class Keys {\n    private const string ApiKey = \"" + cs + "\";\n}\n"); needles.put("csharp-const", cs);
        String rb = s(AN, 26);
        files.put("config/initializers/mailgun.rb", "Mailgun.configure do |config|\n  config.api_key = '" + rb + "'\nend\n"); needles.put("ruby-config", rb);
        String cu = s(AN, 14);
        files.put("scripts/fetch.sh", "curl -u admin:" + cu + " https://nexus.acme.io/service/rest/v1/status\n"); needles.put("curl-u", cu);
        String dl = s(AN, 18);
        files.put("scripts/push.sh", "docker login -u ci -p " + dl + " registry.acme.io\n"); needles.put("docker-login", dl);
        String gu = s(AN, 16);
        files.put("ci/gitconfig", "[remote \"origin\"]\n\turl = https://deploy:" + gu + "@gitlab.acme.io/acme/app.git\n"); needles.put("git-url-basic", gu);
        String x = s(AN, 20);
        files.put("src/main/resources/ldap.xml", "<ldap>\n  <bindPassword>" + x + "</bindPassword>\n</ldap>\n"); needles.put("xml-bindPassword", x);
        String ph = s(AN, 20);
        files.put("wp-config.php", "define( 'DB_PASSWORD', '" + ph + "' );\n"); needles.put("php-define", ph);
        String sh = "shp" + "at_" + s(HX, 32);
        files.put("shopify.env", "SHOPIFY_ACCESS_TOKEN=" + sh + "\n"); needles.put("shopify", sh);
        String jt = "eyJhbGciOiJIUzI1NiJ9" + "." + s(U, 40) + "." + s(U, 43);
        files.put("tests_ok.py", "token = \"" + jt + "\"\n"); needles.put("jwt-py", jt);
        String hx = s(HX, 64);
        files.put("settings/prod.py", "SECRET_KEY = '" + hx + "'\n"); needles.put("django-hex", hx);
        String tf = s(AN, 22);
        files.put("infra/vars.tf", "variable \"db_password\" {\n  type    = string\n  default = \"" + tf + "\"\n}\n"); needles.put("tf-default", tf);
        String ya = s(AN, 20);
        files.put("helm/values.yaml", "postgresql:\n  auth:\n    password: \"" + ya + "\"\n"); needles.put("helm-password", ya);
        String dd = "dop" + "_v1_" + s(HX, 64);
        files.put("do.sh", "export DIGITALOCEAN_TOKEN=" + dd + "\n"); needles.put("digitalocean", dd);
        String hb = "https://api." + "heroku.com"; String hk = java.util.UUID.randomUUID().toString();
        files.put("heroku.env", "HEROKU_API_KEY=" + hk + "\n"); needles.put("heroku-uuid", hk);
        String slk = "xo" + "xb-" + s("0123456789", 11) + "-" + s("0123456789", 12) + "-" + s(AN, 24);
        files.put("bot.ipynb", "{\"cells\":[{\"cell_type\":\"code\",\"source\":[\"SLACK = '" + slk + "'\"],\"outputs\":[{\"text\":[\"ok\"]}]}]}\n"); needles.put("slack-notebook", slk);
        files.put("ci/clone.sh", "git clone https://oauth2:${CI_JOB_TOKEN}@gitlab.com/acme/app.git\ngit clone https://x-access-token:$GITHUB_TOKEN@github.com/acme/a.git\ngit clone https://username:password@github.com/acme/b.git\ngit clone https://<user>:<token>@github.com/acme/c.git\ngit clone git@github.com:acme/d.git\n# see https://docs.github.com/en/get-started\n");
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("p.git"))) {
            git.commit("main", "x", files);
            var fs = new HistoryScanner(RuleSet.defaults()).scan(git.repository(), ScanRequest.full("p"), ScanProgress.NONE).findings();
            List<String> bad = new ArrayList<>();
            for (var e : needles.entrySet()) {
                boolean hit = fs.stream().anyMatch(f -> f.secret().contains(e.getValue()) || e.getValue().contains(f.secret()));
                System.out.println("PROBE " + (hit ? "hit " : "MISS") + " " + e.getKey());
                if (!hit) bad.add("miss " + e.getKey());
            }
            for (var f : fs) if (needles.values().stream().noneMatch(n -> f.secret().contains(n) || n.contains(f.secret()))) bad.add("false positive " + f.ruleId() + " " + f.first().path() + " " + f.redacted());
            org.assertj.core.api.Assertions.assertThat(bad).isEmpty();
        }
    }
}
