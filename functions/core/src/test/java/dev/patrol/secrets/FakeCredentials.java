package dev.patrol.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Fake credentials of every kind the built-in rules cover, in the shape of each
 * provider's documented format, made at run time from pieces so that no
 * credential-shaped literal sits in the source. And decoys: text that looks like
 * a credential and must not be reported.
 */
public final class FakeCredentials {

    /** A credential planted as {@code text} (one or more lines); {@code secret} is what must be reported. */
    public record Planted(String ruleId, String secret, String text, String fileName) {
        @Override
        public String toString() {
            return ruleId + " in " + fileName;
        }
    }

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String DIGITS = "0123456789";
    private static final String ALNUM = UPPER + LOWER + DIGITS;
    private static final String HEX = "0123456789abcdef";
    private static final String BASE32 = UPPER + "234567";

    private final Random random;

    public FakeCredentials(long seed) {
        this.random = new Random(seed);
    }

    public String chars(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }

    public String alnum(int n) {
        if (n < 3) return chars(ALNUM, n);
        // at least one digit, upper and lower: what real random tokens look like
        return chars(UPPER, 1) + chars(DIGITS, 1) + chars(LOWER, 1) + chars(ALNUM, n - 3);
    }

    public String hex(int n) {
        return chars("123456789", 1) + chars(HEX, n - 2) + chars("abcdef", 1);
    }

    String uuid() {
        return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** One of every supported kind. */
    public List<Planted> everyKind() {
        List<Planted> out = new ArrayList<>();
        String akid = "AK" + "IA" + chars(BASE32, 16);
        out.add(new Planted("aws-access-key-id", akid, "aws_access_key_id = " + akid, "config/aws.ini"));
        String awsSecret = chars(ALNUM, 18) + "/" + chars(ALNUM, 10) + "+" + alnum(10);
        out.add(new Planted("aws-secret-access-key", awsSecret, "aws_secret_access_key = " + awsSecret, "config/credentials"));
        String ghp = "gh" + "p_" + alnum(36);
        out.add(new Planted("github-pat", ghp, "GITHUB_TOKEN=" + ghp, "scripts/release.sh"));
        String fine = "github" + "_pat_" + alnum(22) + "_" + alnum(59);
        out.add(new Planted("github-fine-grained-pat", fine, "  token: " + fine, ".github/config.yml"));
        String ghs = "gh" + "s_" + alnum(36);
        out.add(new Planted("github-app-token", ghs, "installation_token = '" + ghs + "'", "app/github.py"));
        String gho = "gh" + "o_" + alnum(36);
        out.add(new Planted("github-oauth", gho, "oauth: " + gho, "auth.yml"));
        String glpat = "gl" + "pat-" + alnum(20);
        out.add(new Planted("gitlab-pat", glpat, "export GITLAB_TOKEN=" + glpat, "ci/env.sh"));
        String glptt = "gl" + "ptt-" + hex(40);
        out.add(new Planted("gitlab-token", glptt, "curl -F token=" + glptt + " https://gitlab.example.com/api", "ci/trigger.sh"));
        String xoxb = "xo" + "xb-" + chars(DIGITS, 12) + "-" + chars(DIGITS, 13) + "-" + alnum(24);
        out.add(new Planted("slack-bot-token", xoxb, "SLACK_BOT_TOKEN=\"" + xoxb + "\"", "bot/.env"));
        String xoxp = "xo" + "xp-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 12) + "-" + hex(32);
        out.add(new Planted("slack-user-token", xoxp, "const userToken = '" + xoxp + "';", "web/slack.js"));
        String xapp = "xa" + "pp-1-A" + chars(UPPER + DIGITS, 10) + "-" + chars(DIGITS, 13) + "-" + hex(64);
        out.add(new Planted("slack-app-token", xapp, "SLACK_APP_TOKEN=" + xapp, "bot/app.env"));
        String hook = "https://hooks.slack" + ".com/services/T" + chars(UPPER + DIGITS, 8) + "/B" + chars(UPPER + DIGITS, 10) + "/" + alnum(24);
        out.add(new Planted("slack-webhook-url", hook, "webhook_url: " + hook, "alerts.yml"));
        String hubspot = "pat-" + "na1-" + uuid();
        out.add(new Planted("hubspot-private-app-token", hubspot, "HUBSPOT_TOKEN = \"" + hubspot + "\"", "sync/crm_sync.py"));
        String hubspotEu = "pat-" + "eu1-" + uuid();
        out.add(new Planted("hubspot-private-app-token", hubspotEu, "crm.token=" + hubspotEu, "sync/eu.properties"));
        String stripe = "sk" + "_live_" + alnum(24);
        out.add(new Planted("stripe-secret-key", stripe, "Stripe.apiKey = \"" + stripe + "\";", "billing/Stripe.java"));
        String google = "AI" + "za" + alnum(35);
        out.add(new Planted("gcp-api-key", google, "<meta name=\"maps-key\" content=\"" + google + "\">", "web/index.html"));
        String pem = pemBody("PRIVATE KEY");
        String sa = "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod\",\n  \"private_key_id\": \"" + hex(40)
                + "\",\n  \"private_key\": \"" + pem.replace("\n", "\\n") + "\\n\",\n  \"client_email\": \"etl@acme-prod.iam.gserviceaccount.com\"\n}";
        out.add(new Planted("gcp-service-account-key", pem.replace("\n", "\\n") + "\\n", sa, "deploy/gcp-key.json"));
        String sendgrid = "SG" + "." + alnum(22) + "." + alnum(43);
        out.add(new Planted("sendgrid-api-key", sendgrid, "SENDGRID_API_KEY=" + sendgrid, "mail/.env"));
        String twilio = "S" + "K" + hex(32);
        out.add(new Planted("twilio-api-key", twilio, "twilio_api_key_sid = \"" + twilio + "\"", "sms/twilio_client.rb"));
        String npm = "np" + "m_" + alnum(36);
        out.add(new Planted("npm-access-token", npm, "//registry.npmjs.org/:_authToken=" + npm, ".npmrc"));
        String pypi = "pypi-" + "AgEIcHlwaS5vcmc" + chars(ALNUM + "-_", 70) + alnum(3);
        out.add(new Planted("pypi-upload-token", pypi, "password = " + pypi, ".pypirc"));
        String openai = "sk-" + "proj-" + alnum(60) + "T3Blbk" + "FJ" + alnum(60);
        out.add(new Planted("openai-api-key", openai, "OPENAI_API_KEY=" + openai, "ml/.env"));
        String anthropic = "sk-" + "ant-api03-" + chars(ALNUM + "-_", 90) + alnum(3) + "AA";
        out.add(new Planted("anthropic-api-key", anthropic, "client = Anthropic(api_key=\"" + anthropic + "\")", "ml/agent.py"));
        String rsa = pemBody("RSA PRIVATE KEY");
        out.add(new Planted("private-key", rsa, rsa, "deploy/id_rsa"));
        String ssh = pemBody("OPENSSH PRIVATE KEY");
        out.add(new Planted("private-key", ssh, ssh, "deploy/ci_ed25519"));
        String jwt = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64url("{\"sub\":\"" + hex(12) + "\",\"role\":\"admin\",\"iat\":1700000000}")
                + "." + chars(ALNUM + "-_", 42) + chars(ALNUM, 1);
        out.add(new Planted("jwt", jwt, "Authorization: Bearer " + jwt, "docs/api-example.http"));
        String dbPass = alnum(18);
        out.add(new Planted("database-url-password", dbPass, "DATABASE_URL=postgres://deals:" + dbPass + "@db.internal.acme.io:5432/deals", "app/.env.production"));
        String azure = chars(ALNUM + "+/", 84) + alnum(2) + "==";
        out.add(new Planted("azure-storage-connection-string", azure,
                "AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=acmedata;AccountKey=" + azure + ";EndpointSuffix=core.windows.net", "infra/azure.env"));
        String deployKey = alnum(11);
        out.add(new Planted("deploy-hook-url", deployKey,
                "Redeploy: https://api.render.com/deploy/srv-" + chars(LOWER + DIGITS, 20) + "?key=" + deployKey, "docs/DEPLOY.md"));
        String password = alnum(20);
        out.add(new Planted("generic-api-key", password, "db_password = \"" + password + "\"", "settings/prod.py"));
        return out;
    }

    /** Other shapes the same kinds take in the wild. */
    public List<Planted> variants() {
        List<Planted> out = new ArrayList<>();
        String awsSecret = alnum(30) + "/" + alnum(4) + "+" + alnum(4);
        out.add(new Planted("aws-secret-access-key", awsSecret, "    \"SecretAccessKey\": \"" + awsSecret + "\",", "sts-output.json"));
        String routable = "gl" + "pat-" + chars(ALNUM + "-_", 27) + alnum(1) + ".01." + chars(LOWER + DIGITS, 9);
        out.add(new Planted("gitlab-pat", routable, "GITLAB_TOKEN=" + routable + ".", "notes.txt"));
        String redisPass = alnum(20);
        out.add(new Planted("database-url-password", redisPass, "REDIS_URL=redis://:" + redisPass + "@cache.internal:6379/0", "worker.env"));
        String legacyOpenAi = "sk-" + alnum(48);
        out.add(new Planted("openai-api-key", legacyOpenAi, "openai.api_key = '" + legacyOpenAi + "'", "bot.py"));
        String ghUrl = "gh" + "p_" + alnum(36);
        out.add(new Planted("github-pat", ghUrl, "git clone https://" + ghUrl + "@github.com/acme/deals.git", "setup.sh"));
        String ecKey = pemBody("EC PRIVATE KEY").replace("\n", "\n    "); // as indented in a YAML block
        out.add(new Planted("private-key", ecKey, "tls:\n  key: |\n    " + ecKey, "helm/values.yaml"));
        return out;
    }

    String pemBody(String kind) {
        StringBuilder sb = new StringBuilder("-----BEGIN " + kind + "-----\n");
        for (int i = 0; i < 12; i++) sb.append(chars(ALNUM + "+/", 64)).append('\n');
        sb.append(chars(ALNUM, 20)).append("==\n");
        return sb.append("-----END " + kind + "-----").toString();
    }

    /** Lines that look like credentials and are not: none of them may be reported. */
    public List<String> decoys() {
        return List.of(
                "aws_access_key_id = " + "AKIA" + "IOSFODNN7EXAMPLE",
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
                "api_key = \"<your-api-key>\"",
                "GITHUB_TOKEN=" + "gh" + "p_" + "x".repeat(36),
                "token = \"xxxxxxxxxxxxxxxxxxxxxxxx\"",
                "SLACK_TOKEN=${SLACK_TOKEN}",
                "password = os.environ[\"DB_PASSWORD\"]",
                "apiKey: process.env.STRIPE_SECRET_KEY,",
                "const token = config.auth.token;",
                "secret_key = settings.SECRET_KEY",
                "HUBSPOT_TOKEN=ROTATED_TOKEN_HERE",
                "token: \"secretsmanager:patrol/github\"",
                "sha256 = \"" + hex(64) + "\"",
                "password_hash = \"" + hex(40) + "\"",
                "request_id = \"" + uuid() + "\"",
                "commit " + hex(40),
                "integrity sha512-" + b64(hex(40)) + b64(hex(20)),
                "DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev",
                "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app",
                "token_url = \"https://auth.example.com/oauth/token\"",
                "password_file = \"/run/secrets/db_password\"",
                "const authTokenField = \"X-Auth-Token\";",
                "-----BEGIN " + "RSA PRIVATE KEY-----\\n<paste your key here>\\n-----END " + "RSA PRIVATE KEY-----",
                "stripe_key = \"sk" + "_live_" + "your_key_here_1234\"",
                // examples printed in providers' documentation and tutorials
                "Stripe.apiKey = \"sk" + "_test_" + "4eC39HqLyjWDarjtT1zdp7dc\";",
                "GITHUB_TOKEN=" + "gh" + "p_" + "16C7e42F292c6912E7710c838347Ae178B4a",
                "Authorization: Bearer " + "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
    }
}
