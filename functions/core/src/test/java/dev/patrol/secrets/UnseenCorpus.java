package dev.patrol.secrets;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;

/**
 * A corpus written apart from the rules and from {@link FakeCredentials}: each
 * token is made from its provider's documented format (prefix, alphabet,
 * length) with plain uniform randomness, and put where such tokens end up in
 * real repositories, in many languages and file formats. Each file is then
 * carried into history one of several ways: left on main, added then removed,
 * on a branch merged then deleted, on a live unmerged branch, only under a tag,
 * renamed later, base64-encoded (once or twice), hex-encoded, percent-encoded
 * in a URL, inside a Jupyter notebook, inside a minified bundle, with Windows
 * line endings, or in a latin-1 file.
 *
 * <p>Decoys sit in files of their own, one kind per file, so that a false
 * positive names its kind: documentation example keys, placeholders,
 * environment lookups, hashes, UUIDs, lockfile integrity hashes, base64 images
 * and fonts, obviously fake test fixtures, minified code, random identifiers,
 * public keys and encoded harmless text.
 *
 * <p>No credential-shaped literal is written here: prefixes are split and
 * bodies are drawn at run time.
 */
public final class UnseenCorpus {

    /** A planted secret: {@code core} must be in (or contain) the reported secret, at {@code path}:{@code line}. */
    public record Plant(String kind, String core, String path, int line, String commit, String how, String lineText) {
        @Override
        public String toString() {
            String shown = lineText.length() <= 100 ? lineText : lineText.substring(0, 97) + "...";
            return kind + " (" + how + ") " + path + ":" + line + "  | " + shown.strip();
        }
    }

    /** A file of decoys of one kind; {@code items} counts the decoys in it. */
    public record DecoyFile(String kind, String path, int items, String how) {}

    /** One secret of a sample: {@code literal} is the text as written, {@code core} its random part. */
    record Secret(String kind, String core, String literal) {}

    /** A file to plant: its text and the secrets in it. */
    record Sample(String path, String text, List<Secret> secrets) {
        boolean multiline() {
            return secrets.stream().anyMatch(s -> s.literal().contains("\n"));
        }
    }

    public final List<Plant> plants = new ArrayList<>();
    public final List<DecoyFile> decoys = new ArrayList<>();

    private final Random rnd;
    private final HistoryBuilder git;
    private int serial;

    private UnseenCorpus(HistoryBuilder git, long seed) {
        this.git = git;
        this.rnd = new Random(seed);
    }

    public static UnseenCorpus build(HistoryBuilder git, long seed) throws IOException {
        UnseenCorpus c = new UnseenCorpus(git, seed);
        c.plantAll();
        return c;
    }

    // ---------------------------------------------------------------- randomness

    static final String UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LO = "abcdefghijklmnopqrstuvwxyz";
    static final String DIG = "0123456789";
    static final String AN = UP + LO + DIG;
    static final String HEXL = "0123456789abcdef";
    static final String B64 = AN + "+/";
    static final String B64URL = AN + "-_";

    String draw(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        return sb.toString();
    }

    int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    <T> T oneOf(List<T> xs) {
        return xs.get(rnd.nextInt(xs.size()));
    }

    String uuid() {
        return draw(HEXL, 8) + "-" + draw(HEXL, 4) + "-4" + draw(HEXL, 3) + "-" + oneOf(List.of("8", "9", "a", "b")) + draw(HEXL, 3) + "-" + draw(HEXL, 12);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** What a generator such as Python's secrets.token_urlsafe(n) returns. */
    String urlsafe(int nbytes) {
        return b64url(bytes(nbytes));
    }

    /** A password from letters, digits and the punctuation password managers use. */
    String password(int n) {
        String s;
        do {
            s = draw(AN + "!#%*-_=+.@^", n);
        } while (!s.matches(".*[0-9].*") || !s.matches(".*[a-z].*"));
        return s;
    }

    /** A value for a generic assignment, in one of the shapes generators produce. */
    String genericValue() {
        return switch (rnd.nextInt(5)) {
            case 0 -> urlsafe(between(18, 32));
            case 1 -> draw(HEXL, oneOf(List.of(32, 40, 64)));
            case 2 -> draw(AN, between(16, 32));
            case 3 -> password(between(14, 24));
            default -> b64(bytes(between(24, 33)));
        };
    }

    // -------------------------------------------------------------- token makers

    String awsKeyId() {
        return oneOf(List.of("AK" + "IA", "AK" + "IA", "AS" + "IA")) + draw(UP + DIG, 16);
    }

    String awsSecret() {
        return draw(AN + "/+", 40);
    }

    String gh(String kind) {
        return "gh" + kind + "_" + draw(AN, kind.equals("r") ? 76 : 36);
    }

    String ghFine() {
        return "github" + "_pat_" + draw(AN, 22) + "_" + draw(AN, 59);
    }

    String gl(String prefix, int n) {
        return "gl" + prefix + "-" + draw(B64URL, n);
    }

    String slackBot() {
        return "xo" + "xb-" + draw(DIG, between(10, 13)) + "-" + draw(DIG, between(10, 13)) + "-" + draw(AN, 24);
    }

    String slackUser() {
        return "xo" + "xp-" + draw(DIG, between(10, 13)) + "-" + draw(DIG, between(10, 13)) + "-" + draw(DIG, between(10, 13)) + "-" + draw(HEXL, 32);
    }

    String slackApp() {
        return "xa" + "pp-1-A" + draw(UP + DIG, 10) + "-" + draw(DIG, 13) + "-" + draw(HEXL, 64);
    }

    String slackHook() {
        return "https://hooks.slack" + ".com/services/T" + draw(UP + DIG, between(8, 10)) + "/B" + draw(UP + DIG, between(8, 10)) + "/" + draw(AN, 24);
    }

    String hubspot(String region) {
        return "pat-" + region + "-" + uuid();
    }

    String stripe(String prefix, int n) {
        return prefix + "_" + "live_" + draw(AN, n);
    }

    String googleKey() {
        return "AI" + "za" + draw(B64URL, 35);
    }

    String sendgrid() {
        return "S" + "G." + draw(B64URL, 22) + "." + draw(B64URL, 43);
    }

    String npm() {
        return "np" + "m_" + draw(AN, 36);
    }

    String pypi() {
        return "py" + "pi-AgEIcHlwaS5vcmc" + urlsafe(between(110, 160));
    }

    String openai(String kind) {
        String marker = "T3Blbk" + "FJ";
        return switch (kind) {
            case "legacy" -> "s" + "k-" + draw(AN, 20) + marker + draw(AN, 20);
            default -> "s" + "k-" + kind + "-" + draw(B64URL, 74) + marker + draw(B64URL, 74);
        };
    }

    String anthropic(String kind) {
        return "sk-" + "ant-" + kind + "-" + draw(B64URL, 93) + "AA";
    }

    String jwt(String alg, String claims) {
        String header = b64url(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
        String payload = b64url(claims.getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64url(bytes(alg.startsWith("RS") ? 256 : 32));
    }

    String pem(String label, int lines, int width, String bodyStart) {
        StringBuilder body = new StringBuilder(bodyStart);
        while (body.length() < lines * width) body.append(draw(B64, 1));
        StringBuilder sb = new StringBuilder("-----BEGIN " + label + "-----\n");
        for (int i = 0; i < body.length(); i += width) sb.append(body, i, Math.min(body.length(), i + width)).append('\n');
        sb.append(draw(B64, between(10, 40))).append("=\n");
        return sb.append("-----END ").append(label).append("-----").toString();
    }

    /** A body line of a PEM, to recognise it by. */
    static String pemCore(String pem) {
        return pem.split("\n")[2];
    }

    String azureKey() {
        return b64(bytes(64));
    }

    // ------------------------------------------------------------------ samples

    private static Sample sample(String path, String text, Secret... secrets) {
        return new Sample(path, text, List.of(secrets));
    }

    private static Secret sec(String kind, String literal) {
        return new Secret(kind, literal, literal);
    }

    private static Secret sec(String kind, String core, String literal) {
        return new Secret(kind, core, literal);
    }

    List<Sample> providerSamples() {
        List<Sample> out = new ArrayList<>();
        // AWS: key id and secret together, as they are written down
        String[][] awsForms = {
                {"credentials", "[default]\naws_access_key_id = %1$s\naws_secret_access_key = %2$s\nregion = us-east-1\n"},
                {"main.tf", "provider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \"%1$s\"\n  secret_key = \"%2$s\"\n}\n"},
                {"upload.py", "import boto3\n\ns3 = boto3.client(\"s3\", aws_access_key_id=\"%1$s\", aws_secret_access_key=\"%2$s\")\n"},
                {".env", "AWS_REGION=us-east-2\nAWS_ACCESS_KEY_ID=%1$s\nAWS_SECRET_ACCESS_KEY=%2$s\n"},
                {"S3Config.java", "class S3Config {\n    AWSCredentials creds = new BasicAWSCredentials(\"%1$s\", \"%2$s\");\n}\n"},
                {"accessKeys.csv", "Access key ID,Secret access key\n%1$s,%2$s\n"},
                {"serverless.yml", "provider:\n  name: aws\n  environment:\n    AWS_ACCESS_KEY_ID: %1$s\n    AWS_SECRET_ACCESS_KEY: %2$s\n"},
                {"aws-exports.js", "const awsConfig = {\n  accessKeyId: '%1$s',\n  secretAccessKey: '%2$s',\n};\n"},
        };
        for (String[] f : awsForms) {
            String id = awsKeyId();
            String secret = awsSecret();
            out.add(sample(f[0], String.format(f[1], id, secret), sec("aws-access-key-id", id), sec("aws-secret-access-key", secret)));
        }
        {
            String id = "AS" + "IA" + draw(UP + DIG, 16);
            String secret = awsSecret();
            String session = "IQoJb3JpZ2luX2Vj" + draw(B64, between(300, 380));
            out.add(sample("assume-role.json", "{\n    \"Credentials\": {\n        \"AccessKeyId\": \"" + id + "\",\n        \"SecretAccessKey\": \"" + secret
                            + "\",\n        \"SessionToken\": \"" + session + "\",\n        \"Expiration\": \"2025-03-04T11:22:33+00:00\"\n    }\n}\n",
                    sec("aws-access-key-id", id), sec("aws-secret-access-key", secret), sec("aws-session-token", session)));
        }
        // GitHub
        String t;
        t = gh("p");
        out.add(sample(".env", "GITHUB_TOKEN=" + t + "\nGITHUB_OWNER=acme\n", sec("github-classic", t)));
        t = gh("p");
        out.add(sample("git-config", "[remote \"origin\"]\n\turl = https://" + t + "@github.com/acme/infra.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n", sec("github-classic", t)));
        t = gh("o");
        out.add(sample("gh/hosts.yml", "github.com:\n    oauth_token: " + t + "\n    user: dana\n    git_protocol: https\n", sec("github-oauth", t)));
        t = gh("u");
        out.add(sample("sync_issues.py", "import requests\n\nheaders = {\"Authorization\": f\"token " + t + "\"}\n", sec("github-app", t)));
        t = gh("s");
        out.add(sample("mirror.sh", "#!/bin/sh\ngit clone https://x-access-token:" + t + "@github.com/acme/deals.git /tmp/deals\n", sec("github-app", t)));
        {
            String u = gh("u");
            String r = gh("r");
            out.add(sample("oauth-response.json", "{\n  \"access_token\": \"" + u + "\",\n  \"expires_in\": 28800,\n  \"refresh_token\": \"" + r
                    + "\",\n  \"token_type\": \"bearer\"\n}\n", sec("github-app", u), sec("github-refresh", r)));
        }
        t = ghFine();
        out.add(sample("renovate.yml", "platform: github\ntoken: " + t + "\nautodiscover: false\n", sec("github-fine-grained", t)));
        t = "github" + "_pat_" + draw(AN + "_", 82);
        out.add(sample("bot.env", "BOT_GH_PAT=\"" + t + "\"\n", sec("github-fine-grained", t)));
        t = gh("p");
        out.add(sample(".npmrc", "@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=" + t + "\n", sec("github-classic", t)));
        // GitLab
        t = gl("pat", 20);
        out.add(sample(".gitlab-ci.yml", "variables:\n  GITLAB_TOKEN: " + t + "\n\nrelease:\n  script: make release\n", sec("gitlab-pat", t)));
        t = "gl" + "pat-" + draw(B64URL, 27) + ".01." + draw(LO + DIG, 9);
        out.add(sample("scripts/.env", "GL_TOKEN=" + t + "\n", sec("gitlab-pat", t)));
        t = gl("dt", 20);
        out.add(sample("ci/registry-login.sh", "docker login -u gitlab+deploy-token-12 -p " + t + " registry.gitlab.com\n", sec("gitlab-other", t)));
        t = gl("rt", 20);
        out.add(sample("runner/config.toml", "[[runners]]\n  name = \"ci-1\"\n  url = \"https://gitlab.com\"\n  token = \"" + t + "\"\n  executor = \"docker\"\n", sec("gitlab-other", t)));
        t = "GR" + "1348941" + draw(B64URL, 20);
        out.add(sample("runner/register.sh", "gitlab-runner register --url https://gitlab.com --registration-token " + t + " --executor shell\n", sec("gitlab-other", t)));
        t = "gl" + "ptt-" + draw(HEXL, 40);
        out.add(sample("ci/trigger.sh", "curl -X POST -F token=" + t + " -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline\n", sec("gitlab-other", t)));
        t = "gl" + "cbt-" + draw(HEXL, 2) + "_" + draw(B64URL, 20);
        out.add(sample("ci/fetch.sh", "curl --header \"JOB-TOKEN: " + t + "\" https://gitlab.com/api/v4/jobs/1/artifacts\n", sec("gitlab-other", t)));
        t = "gl" + "oas-" + draw(HEXL, 64);
        out.add(sample("config/omniauth.yml", "gitlab:\n  app_id: " + draw(HEXL, 64) + "\n  app_secret: " + t + "\n", sec("gitlab-other", t)));
        t = gl("ft", 20);
        out.add(sample("docs/feeds.md", "Subscribe: https://gitlab.com/dashboard/issues.atom?feed_token=" + t + "&state=opened\n", sec("gitlab-other", t)));
        t = gl("agent", 50);
        out.add(sample("k8s/agent-values.yaml", "config:\n  token: " + t + "\n  kasAddress: wss://kas.gitlab.com\n", sec("gitlab-other", t)));
        // Slack
        t = slackBot();
        out.add(sample("bot/.env", "SLACK_BOT_TOKEN=" + t + "\nSLACK_CHANNEL=#ops\n", sec("slack-token", t)));
        t = slackBot();
        out.add(sample("bot/notify.py", "from slack_sdk import WebClient\n\nclient = WebClient(token=\"" + t + "\")\n", sec("slack-token", t)));
        t = "xo" + "xb-" + draw(DIG, 12) + "-" + draw(AN, 24);
        out.add(sample("legacy/hubot.env", "HUBOT_SLACK_TOKEN=" + t + "\n", sec("slack-token", t)));
        t = slackUser();
        out.add(sample("tools/slack.json", "{\n  \"workspace\": \"acme\",\n  \"user_token\": \"" + t + "\"\n}\n", sec("slack-token", t)));
        t = slackApp();
        out.add(sample("bot/socket.env", "SLACK_APP_TOKEN=" + t + "\n", sec("slack-token", t)));
        t = "xo" + "xe.xoxp-1-" + draw(AN, 146);
        out.add(sample("tools/manifest.sh", "export SLACK_CONFIG_TOKEN=" + t + "\n", sec("slack-token", t)));
        t = slackHook();
        out.add(sample("alerts/config.yml", "notifications:\n  slack:\n    webhook: " + t + "\n", sec("slack-webhook", t)));
        t = slackHook();
        out.add(sample("web/notify.js", "await fetch('" + t + "', { method: 'POST', body: JSON.stringify(msg) });\n", sec("slack-webhook", t)));
        t = "https://hooks.slack" + ".com/workflows/T" + draw(UP + DIG, 9) + "/A" + draw(UP + DIG, 10) + "/" + draw(DIG, 18) + "/" + draw(AN, 32);
        out.add(sample("docs/runbook.md", "Post to the incident workflow: " + t + "\n", sec("slack-webhook", t)));
        t = "https://hooks.slack" + ".com/triggers/T" + draw(UP + DIG, 9) + "/" + draw(DIG, 13) + "/" + draw(HEXL, 32);
        out.add(sample("ops/trigger.sh", "curl -X POST -H 'Content-type: application/json' --data '{}' " + t + "\n", sec("slack-webhook", t)));
        // HubSpot
        t = hubspot("na1");
        out.add(sample("crm/sync_deals.py", "HUBSPOT_ACCESS_TOKEN = \"" + t + "\"\nBASE = \"https://api.hubapi.com\"\n", sec("hubspot", t)));
        t = hubspot("eu1");
        out.add(sample("crm/.env", "HUBSPOT_TOKEN=" + t + "\n", sec("hubspot", t)));
        t = hubspot("na1");
        out.add(sample("crm/client.js", "const hubspotClient = new hubspot.Client({ accessToken: '" + t + "' });\n", sec("hubspot", t)));
        t = hubspot("na1");
        out.add(sample("crm/Sync.java", "        request.header(\"Authorization\", \"Bearer " + t + "\");\n", sec("hubspot", t)));
        // Stripe
        t = stripe("sk", 24);
        out.add(sample("billing/charge.py", "import stripe\nstripe.api_key = \"" + t + "\"\n", sec("stripe", t)));
        t = stripe("sk", 99);
        out.add(sample("billing/.env", "STRIPE_SECRET_KEY=" + t + "\n", sec("stripe", t)));
        t = stripe("rk", 99);
        out.add(sample("billing/config.yml", "stripe:\n  restricted_key: " + t + "\n", sec("stripe", t)));
        t = "sk" + "_test_" + draw(AN, 24);
        out.add(sample("billing/setup.js", "const stripe = require('stripe')('" + t + "');\n", sec("stripe", t)));
        t = "wh" + "sec_" + draw(AN, 32);
        out.add(sample("billing/webhooks.env", "STRIPE_WEBHOOK_SECRET=" + t + "\n", sec("stripe", t)));
        t = stripe("sk", 24);
        out.add(sample("billing/refund.sh", "curl https://api.stripe.com/v1/refunds -u " + t + ": -d charge=ch_1\n", sec("stripe", t)));
        // Google
        t = googleKey();
        out.add(sample("web/src/firebase.js", "const firebaseConfig = {\n  apiKey: \"" + t + "\",\n  authDomain: \"acme-prod.firebaseapp.com\",\n  projectId: \"acme-prod\",\n};\n", sec("google-api-key", t)));
        t = googleKey();
        out.add(sample("android/app/google-services.json", "{\n  \"client\": [\n    {\n      \"api_key\": [\n        {\n          \"current_key\": \"" + t + "\"\n        }\n      ]\n    }\n  ]\n}\n", sec("google-api-key", t)));
        t = googleKey();
        out.add(sample("web/map.html", "<script async src=\"https://maps.googleapis.com/maps/api/js?key=" + t + "&callback=initMap\"></script>\n", sec("google-api-key", t)));
        out.add(serviceAccountFile("deploy/gcp-sa.json"));
        out.add(serviceAccountEnv("deploy/ci.env"));
        // SendGrid
        t = sendgrid();
        out.add(sample("mail/.env", "SENDGRID_API_KEY=" + t + "\n", sec("sendgrid", t)));
        t = sendgrid();
        out.add(sample("mail/send.py", "sg = SendGridAPIClient('" + t + "')\n", sec("sendgrid", t)));
        t = sendgrid();
        out.add(sample("mail/config.yaml", "smtp:\n  host: smtp.sendgrid.net\n  user: apikey\n  pass: " + t + "\n", sec("sendgrid", t)));
        // Twilio
        t = "S" + "K" + draw(HEXL, 32);
        out.add(sample("sms/.env", "TWILIO_API_KEY=" + t + "\nTWILIO_API_SECRET=" + "\n", sec("twilio", t)));
        {
            String sid = "A" + "C" + draw(HEXL, 32);
            String auth = draw(HEXL, 32);
            out.add(sample("sms/send_sms.py", "from twilio.rest import Client\n\naccount_sid = '" + sid + "'\nauth_token = '" + auth
                    + "'\nclient = Client(account_sid, auth_token)\n", sec("twilio", sid), sec("twilio", auth)));
        }
        {
            String sid = "A" + "C" + draw(HEXL, 32);
            String auth = draw(HEXL, 32);
            out.add(sample("sms/send.js", "const accountSid = '" + sid + "';\nconst authToken = '" + auth + "';\nconst client = require('twilio')(accountSid, authToken);\n",
                    sec("twilio", sid), sec("twilio", auth)));
        }
        t = draw(HEXL, 32);
        out.add(sample("sms/config.env", "TWILIO_AUTH_TOKEN=" + t + "\n", sec("twilio", t)));
        // npm, PyPI
        t = npm();
        out.add(sample("web/.npmrc", "//registry.npmjs.org/:_authToken=" + t + "\n", sec("npm", t)));
        t = npm();
        out.add(sample(".github/workflows/publish.yml", "jobs:\n  publish:\n    env:\n      NODE_AUTH_TOKEN: " + t + "\n", sec("npm", t)));
        t = b64("deploy:" + password(16));
        out.add(sample("legacy/.npmrc", "registry=https://npm.acme.io/\n_auth = " + t + "\nemail=ci@acme.io\nalways-auth=true\n", sec("npm", t)));
        t = pypi();
        out.add(sample(".pypirc", "[pypi]\n  username = __token__\n  password = " + t + "\n", sec("pypi", t)));
        t = pypi();
        out.add(sample("release.sh", "export TWINE_PASSWORD=" + t + "\ntwine upload dist/*\n", sec("pypi", t)));
        // OpenAI, Anthropic
        t = openai("proj");
        out.add(sample("ml/.env", "OPENAI_API_KEY=" + t + "\n", sec("openai", t)));
        t = openai("proj");
        out.add(sample("ml/chat.py", "from openai import OpenAI\n\nclient = OpenAI(api_key=\"" + t + "\")\n", sec("openai", t)));
        t = openai("legacy");
        out.add(sample("ml/summarise.js", "const openai = new OpenAI({ apiKey: '" + t + "' });\n", sec("openai", t)));
        t = openai("svcacct");
        out.add(sample("ml/values.yaml", "openai:\n  key: " + t + "\n", sec("openai", t)));
        t = anthropic("api03");
        out.add(sample("ml/agent.env", "ANTHROPIC_API_KEY=" + t + "\n", sec("anthropic", t)));
        t = anthropic("api03");
        out.add(sample("ml/claude.py", "client = anthropic.Anthropic(api_key='" + t + "')\n", sec("anthropic", t)));
        t = anthropic("admin01");
        out.add(sample("ml/admin.yaml", "anthropic:\n  admin_key: \"" + t + "\"\n", sec("anthropic", t)));
        // JWTs
        long iat = 1_700_000_000L + rnd.nextInt(50_000_000);
        t = jwt("HS256", "{\"sub\":\"" + uuid() + "\",\"role\":\"admin\",\"iat\":" + iat + "}");
        out.add(sample("api/requests.http", "GET https://api.acme.io/v1/deals\nAuthorization: Bearer " + t + "\n", sec("jwt", t)));
        t = jwt("HS256", "{\"iss\":\"supabase\",\"ref\":\"" + draw(LO, 20) + "\",\"role\":\"service_role\",\"iat\":" + iat + ",\"exp\":" + (iat + 315_360_000) + "}");
        out.add(sample("web/.env.local", "NEXT_PUBLIC_SUPABASE_URL=https://" + draw(LO, 20) + ".supabase.co\nSUPABASE_SERVICE_ROLE_KEY=" + t + "\n", sec("jwt", t)));
        t = jwt("RS256", "{\"iss\":\"https://auth.acme.io/\",\"sub\":\"auth0|" + draw(HEXL, 24) + "\",\"aud\":\"deals\",\"exp\":" + (iat + 86_400) + "}");
        out.add(sample("web/src/session.ts", "const session = { accessToken: \"" + t + "\" };\n", sec("jwt", t)));
        t = jwt("HS512", "{\"user_id\":" + rnd.nextInt(99999) + ",\"scope\":\"read write\",\"exp\":" + (iat + 3600) + "}");
        out.add(sample("tests/har/session.har", "{\"name\": \"Cookie\", \"value\": \"session=" + t + "; Path=/\"}\n", sec("jwt", t)));
        // Private keys
        String p;
        p = pem("RSA " + "PRIVATE KEY", 25, 64, "MIIEpAIBAAKCAQEA");
        out.add(sample("deploy/id_rsa", p + "\n", sec("private-key", pemCore(p), p)));
        p = pem("PRIVATE" + " KEY", 26, 64, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
        out.add(sample("certs/server.key", p + "\n", sec("private-key", pemCore(p), p)));
        p = pem("EC " + "PRIVATE KEY", 3, 64, "MHcCAQEEI");
        out.add(sample("helm/tls-values.yaml", "tls:\n  enabled: true\n  key: |\n    " + p.replace("\n", "\n    ") + "\n", sec("private-key", pemCore(p), p.replace("\n", "\n    "))));
        p = pem("OPENSSH " + "PRIVATE KEY", 6, 70, "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQ");
        out.add(sample("infra/bastion.tf", "resource \"tls_private_key\" \"imported\" {}\n\nlocals {\n  bastion_key = <<EOT\n" + p + "\nEOT\n}\n", sec("private-key", pemCore(p), p)));
        p = pem("DSA " + "PRIVATE KEY", 10, 64, "MIIBuwIBAAKBgQ");
        out.add(sample("legacy/dsa.pem", p + "\n", sec("private-key", pemCore(p), p)));
        p = pem("ENCRYPTED " + "PRIVATE KEY", 27, 64, "MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQww");
        out.add(sample("certs/client.p8", p + "\n", sec("private-key", pemCore(p), p)));
        {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 20; i++) body.append(draw(B64, 64)).append('\n');
            String pgp = "-----BEGIN PGP " + "PRIVATE KEY BLOCK-----\n\nlQOYBG" + draw(B64, 58) + "\n" + body + "=" + draw(B64, 4) + "\n-----END PGP " + "PRIVATE KEY BLOCK-----";
            out.add(sample("release/signing.asc", pgp + "\n", sec("private-key", pgp.split("\n")[3], pgp)));
        }
        p = pem("PRIVATE" + " KEY", 26, 64, "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC");
        {
            String escaped = p.replace("\n", "\\n") + "\\n";
            out.add(sample("config/tls.json", "{\n  \"cert_file\": \"/etc/tls/cert.pem\",\n  \"tls_key\": \"" + escaped + "\"\n}\n", sec("private-key", pemCore(p), escaped)));
        }
        // Database URLs
        String pw;
        pw = password(18);
        out.add(sample("app/.env", "DATABASE_URL=postgres://deals:" + pw + "@db.prod.acme.internal:5432/deals\n", sec("database-url", pw)));
        pw = draw(AN, 20);
        out.add(sample("app/db.py", "engine = create_engine(\"postgresql+psycopg2://etl:" + pw + "@warehouse.acme.io:5432/analytics\")\n", sec("database-url", pw)));
        pw = urlsafe(16);
        out.add(sample("app/database.yml", "production:\n  url: mysql://rails:" + pw + "@mysql.acme.internal/deals_production\n", sec("database-url", pw)));
        pw = draw(AN, 16);
        out.add(sample("api/src/db.js", "mongoose.connect('mongodb+srv://api:" + pw + "@cluster0." + draw(LO + DIG, 5) + ".mongodb.net/deals?retryWrites=true&w=majority');\n", sec("database-url", pw)));
        pw = draw(AN, 16);
        out.add(sample("api/mongo.env", "MONGO_URL=mongodb://app:" + pw + "@mongo-0.acme:27017,mongo-1.acme:27017/app?replicaSet=rs0\n", sec("database-url", pw)));
        pw = draw(AN, 32);
        out.add(sample("worker/settings.py", "CACHES = {\"default\": {\"LOCATION\": \"redis://:" + pw + "@cache.acme.internal:6379/1\"}}\n", sec("database-url", pw)));
        pw = draw(AN, 34);
        out.add(sample("worker/.env", "UPSTASH_REDIS_URL=rediss://default:" + pw + "@eu1-sure-cat-31337.upstash.io:6379\n", sec("database-url", pw)));
        pw = draw(AN, 20);
        out.add(sample("worker/celeryconfig.py", "broker_url = 'amqp://celery:" + pw + "@rabbit.acme.internal:5672/prod'\n", sec("database-url", pw)));
        pw = password(16);
        out.add(sample("reports/db.py", "URL = \"mssql+pyodbc://report:" + pw + "@sql01.acme.local/Reports?driver=ODBC+Driver+18+for+SQL+Server\"\n", sec("database-url", pw)));
        pw = draw(AN, 18);
        out.add(sample("legacy/jdbc.properties", "jdbc.url=jdbc:mysql://db.acme.local:3306/deals?user=deals&password=" + pw + "&useSSL=true\n", sec("database-url", pw)));
        pw = draw(AN, 8) + "%40" + draw(AN, 6) + "%21" + draw(AN, 4);
        out.add(sample("ops/psql.sh", "psql \"postgresql://admin:" + pw + "@10.0.3.12:5432/deals?sslmode=require\"\n", sec("database-url", pw)));
        // Azure
        t = azureKey();
        out.add(sample("api/appsettings.json", "{\n  \"ConnectionStrings\": {\n    \"Storage\": \"DefaultEndpointsProtocol=https;AccountName=acmedeals;AccountKey=" + t
                + ";EndpointSuffix=core.windows.net\"\n  }\n}\n", sec("azure-storage", t)));
        t = azureKey();
        out.add(sample("etl/.env", "AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=acmeetl;AccountKey=" + t + ";EndpointSuffix=core.windows.net\"\n", sec("azure-storage", t)));
        t = azureKey();
        out.add(sample("etl/upload.py", "svc = BlobServiceClient.from_connection_string(\"AccountName=acmelake;AccountKey=" + t + ";DefaultEndpointsProtocol=https\")\n", sec("azure-storage", t)));
        // Deploy hooks
        String key;
        key = draw(AN, 11);
        out.add(sample("docs/DEPLOY.md", "# Deploying\n\nTrigger a deploy: `curl https://api.render.com/deploy/srv-" + draw(LO + DIG, 20) + "?key=" + key + "`\n", sec("deploy-hook", key)));
        key = draw(AN, 11);
        out.add(sample(".github/workflows/render.yml", "      - run: curl -fsS \"https://api.render.com/deploy/srv-" + draw(LO + DIG, 20) + "?key=" + key + "&ref=${{ github.sha }}\"\n", sec("deploy-hook", key)));
        key = draw(HEXL, 24);
        out.add(sample("Makefile", "deploy:\n\tcurl -X POST -d {} https://api.netlify.com/build_hooks/" + key + "\n", sec("deploy-hook", key)));
        key = draw(AN, 10);
        out.add(sample("scripts/redeploy.ts", "await fetch(\"https://api.vercel.com/v1/integrations/deploy/prj_" + draw(AN, 28) + "/" + key + "\", { method: \"POST\" });\n", sec("deploy-hook", key)));
        key = draw(HEXL, 24);
        out.add(sample("site/.env", "NETLIFY_BUILD_HOOK=https://api.netlify.com/build_hooks/" + key + "\n", sec("deploy-hook", key)));
        return out;
    }

    private Sample serviceAccountFile(String path) {
        String p = pem("PRIVATE" + " KEY", 26, 64, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
        String escaped = p.replace("\n", "\\n") + "\\n";
        String json = "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod\",\n  \"private_key_id\": \"" + draw(HEXL, 40)
                + "\",\n  \"private_key\": \"" + escaped + "\",\n  \"client_email\": \"etl@acme-prod.iam.gserviceaccount.com\",\n  \"client_id\": \""
                + draw(DIG, 21) + "\",\n  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n}\n";
        return sample(path, json, sec("google-service-account", pemCore(p), escaped));
    }

    private Sample serviceAccountEnv(String path) {
        String p = pem("PRIVATE" + " KEY", 26, 64, "MIIEvAIBADANBgkqhkiG9w0BAQEFAASC");
        String escaped = p.replace("\n", "\\n") + "\\n";
        String json = "{\"type\": \"service_account\", \"project_id\": \"acme-ci\", \"private_key_id\": \"" + draw(HEXL, 40) + "\", \"private_key\": \""
                + escaped + "\", \"client_email\": \"ci@acme-ci.iam.gserviceaccount.com\"}";
        return sample(path, "GOOGLE_CREDENTIALS='" + json + "'\n", sec("google-service-account", pemCore(p), escaped));
    }

    /** Generic assignments: one (format, context) each; %s is the value. */
    static final String[][] GENERIC = {
            {"yaml", "config/application.yml", "spring:\n  datasource:\n    url: jdbc:postgresql://db.internal:5432/orders\n    username: orders\n    password: %s\n"},
            {"yaml", "deploy/values.yaml", "api:\n  replicas: 2\n  apiKey: \"%s\"\n"},
            {"yaml", "ansible/group_vars/prod.yml", "db_user: app\ndb_password: '%s'\n"},
            {"yaml", "docker-compose.yml", "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: %s\n"},
            {"yaml", "compose.prod.yml", "services:\n  api:\n    environment:\n      - API_SECRET=%s\n"},
            {"yaml", ".github/workflows/e2e.yml", "jobs:\n  e2e:\n    env:\n      E2E_AUTH_TOKEN: %s\n"},
            {"json", "config/prod.json", "{\n  \"server\": {\"port\": 8080},\n  \"auth\": {\n    \"clientSecret\": \"%s\"\n  }\n}\n"},
            {"json", "api/appsettings.Production.json", "{\n  \"JwtSettings\": {\n    \"Secret\": \"%s\",\n    \"Issuer\": \"acme\"\n  }\n}\n"},
            {"json", "service/credentials.json", "{\"username\": \"svc-report\", \"password\": \"%s\"}\n"},
            {"env", ".env", "NODE_ENV=production\nSESSION_SECRET=%s\n"},
            {"env", "api/.env.local", "DB_HOST=db\nDB_USER=api\nDB_PASS=%s\n"},
            {"env", "worker/.env.production", "export API_KEY=\"%s\"\n"},
            {"python", "web/settings.py", "DEBUG = False\nSECRET_KEY = '%s'\n"},
            {"python", "integrations/client.py", "client = ApiClient(base_url=BASE, api_key=\"%s\", timeout=30)\n"},
            {"python", "etl/load.py", "conn = psycopg2.connect(host=\"db\", user=\"etl\", password=\"%s\")\n"},
            {"python", "notebooks/setup.py", "import os\nos.environ[\"MAILER_PASSWORD\"] = \"%s\"\n"},
            {"python", "integrations/config.py", "CONFIG = {\n    \"auth_token\": \"%s\",\n    \"region\": \"eu\",\n}\n"},
            {"js", "api/src/config.js", "module.exports = {\n  port: 3000,\n  jwtSecret: '%s',\n};\n"},
            {"js", "web/src/api.ts", "export const API_KEY = \"%s\";\n"},
            {"js", "api/src/db.ts", "export const pool = new Pool({ user: 'app', password: '%s', host: 'db' });\n"},
            {"js", "web/src/http.js", "const client = axios.create({ headers: { 'x-api-key': '%s' } });\n"},
            {"java", "src/main/java/com/acme/Config.java", "public class Config {\n    private static final String API_SECRET = \"%s\";\n}\n"},
            {"java", "src/main/java/com/acme/DataSourceConfig.java", "        HikariDataSource ds = new HikariDataSource();\n        ds.setUsername(\"app\");\n        ds.setPassword(\"%s\");\n"},
            {"java", "src/main/java/com/acme/Client.java", "        String accessToken = \"%s\";\n"},
            {"shell", "scripts/deploy.sh", "#!/bin/bash\nexport DEPLOY_PASSWORD='%s'\n"},
            {"shell", "scripts/backup.sh", "#!/bin/sh\nmysqldump -u backup -p'%s' orders > /backups/orders.sql\n"},
            {"shell", "scripts/api.sh", "curl -H \"X-Api-Key: %s\" https://api.acme.io/v1/orders\n"},
            {"shell", "scripts/login.sh", "docker login registry.acme.io -u ci --password %s\n"},
            {"terraform", "infra/rds.tf", "resource \"aws_db_instance\" \"main\" {\n  engine   = \"postgres\"\n  username = \"app\"\n  password = \"%s\"\n}\n"},
            {"terraform", "infra/variables.tf", "variable \"api_token\" {\n  type    = string\n  default = \"%s\"\n}\n"},
            {"terraform", "infra/prod.tfvars", "datadog_api_key = \"%s\"\n"},
            {"dockerfile", "Dockerfile", "FROM node:20-alpine\nENV NPM_TOKEN=%s\nRUN npm ci\n"},
            {"dockerfile", "worker/Dockerfile", "FROM python:3.12-slim\nENV DB_PASSWORD %s\n"},
            {"dockerfile", "build/Dockerfile", "FROM golang:1.22\nARG API_KEY=%s\n"},
            {"k8s", "k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\nstringData:\n  db-password: %s\n"},
            {"k8s", "k8s/deployment.yaml", "spec:\n  containers:\n    - name: api\n      env:\n        - name: API_TOKEN\n          value: \"%s\"\n"},
            {"k8s", "k8s/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  SMTP_PASSWORD: \"%s\"\n"},
            {"properties", "src/main/resources/application.properties", "spring.datasource.username=app\nspring.datasource.password=%s\n"},
            {"properties", "gradle.properties", "artifactoryUser=ci\nartifactoryPassword=%s\n"},
            {"properties", "conf/client.properties", "api.key = %s\n"},
            {"xml", "maven/settings.xml", "<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n      <username>deploy</username>\n      <password>%s</password>\n    </server>\n  </servers>\n</settings>\n"},
            {"xml", "web/Web.config", "<configuration>\n  <appSettings>\n    <add key=\"ApiKey\" value=\"%s\" />\n  </appSettings>\n</configuration>\n"},
            {"xml", "src/main/resources/applicationContext.xml", "<bean id=\"ds\" class=\"org.apache.commons.dbcp2.BasicDataSource\">\n  <property name=\"password\" value=\"%s\"/>\n</bean>\n"},
            {"ini", "config/app.ini", "[database]\nuser = app\npassword = %s\n"},
            {"toml", "config/app.toml", "[auth]\nclient_secret = \"%s\"\n"},
            {"php", "wp-config.php", "<?php\ndefine( 'DB_USER', 'wp' );\ndefine( 'DB_PASSWORD', '%s' );\n"},
            {"php", "config/services.php", "return [\n    'mailgun' => [\n        'secret' => '%s',\n    ],\n];\n"},
            {"ruby", "config/initializers/api.rb", "Acme.configure do |c|\n  c.api_secret = \"%s\"\nend\n"},
            {"go", "cmd/server/main.go", "const apiToken = \"%s\"\n"},
            {"go", "internal/db/db.go", "\tcfg := mysql.Config{\n\t\tUser:   \"app\",\n\t\tPasswd: \"%s\",\n\t}\n"},
            {"csharp", "src/Program.cs", "var cs = \"Server=sql.acme.local;Database=Orders;User Id=app;Password=%s;\";\n"},
            {"http", "api/auth.http", "GET https://api.acme.io/v1/me\nAuthorization: Bearer %s\n"},
            {"netrc", "home/.netrc", "machine api.acme.io login deploy password %s\n"},
            {"kotlin", "build.gradle.kts", "credentials {\n    username = \"ci\"\n    password = \"%s\"\n}\n"},
            {"hocon", "conf/application.conf", "payments {\n  api-key = \"%s\"\n}\n"},
    };

    List<Sample> genericSamples() {
        List<Sample> out = new ArrayList<>();
        for (String[] g : GENERIC) {
            // an Authorization header carries a token (RFC 6750's characters), not a typed password
            String v = g[0].equals("http") ? urlsafe(between(18, 32)) : genericValue();
            out.add(sample(g[1], String.format(g[2], v), sec("generic/" + g[0], v)));
        }
        // a k8s Secret's data holds the value base64-encoded
        String v = genericValue();
        String enc = b64(v);
        out.add(sample("k8s/secret-data.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: " + enc + "\n", sec("generic/k8s", v, enc)));
        return out;
    }

    // ----------------------------------------------------------------- carriers

    enum How {
        MAIN("on main"), REMOVED("added then removed"), MERGED_DELETED("branch merged then deleted"), UNMERGED("unmerged branch"),
        TAG_ONLY("only under a tag"), RENAMED("renamed later"), BASE64("base64"), BASE64_TWICE("base64 twice"), HEX("hex"),
        PERCENT("percent-encoded"), NOTEBOOK("notebook"), MINIFIED("minified line"), CRLF("CRLF"), LATIN1("latin-1");

        final String label;

        How(String label) {
            this.label = label;
        }
    }

    private static final How[] ROTATION = {
            How.MAIN, How.REMOVED, How.MERGED_DELETED, How.BASE64, How.NOTEBOOK, How.CRLF, How.MAIN, How.REMOVED,
            How.UNMERGED, How.HEX, How.MINIFIED, How.LATIN1, How.MAIN, How.TAG_ONLY, How.BASE64_TWICE, How.PERCENT,
            How.RENAMED, How.MERGED_DELETED, How.MAIN, How.REMOVED,
    };

    private static final List<PersonIdent> PEOPLE = List.of(
            new PersonIdent("Ana Lima", "ana@acme.example"), new PersonIdent("Bo Chen", "bo@acme.example"),
            new PersonIdent("Chris Okafor", "chris@acme.example"), new PersonIdent("Dee Novak", "dee@acme.example"));

    private void plantAll() throws IOException {
        git.commit("main", "Initial commit", Map.of("README.md", "# deals monorepo\n\nServices, infrastructure and tools.\n",
                ".gitignore", "node_modules/\n*.pyc\n.env.local\n"));
        List<Sample> samples = new ArrayList<>(providerSamples());
        samples.addAll(genericSamples());
        samples.addAll(holdoutSamples());
        List<DecoySet> decoySets = decoySets();
        decoySets.addAll(holdoutDecoys());
        decoySets.addAll(secondHoldoutDecoys());
        int d = 0;
        for (int i = 0; i < samples.size(); i++) {
            How how = ROTATION[(i + rnd.nextInt(3)) % ROTATION.length];
            Sample s = samples.get(i);
            if (s.multiline() && (how == How.MINIFIED || how == How.PERCENT)) how = How.BASE64;
            if (how == How.MINIFIED && s.secrets().size() > 1) how = How.CRLF;
            plant(s, how);
            // decoys are interleaved with the plants, so the history mixes both
            while (d < decoySets.size() && d * samples.size() <= i * decoySets.size()) placeDecoy(decoySets.get(d++), d);
        }
        while (d < decoySets.size()) placeDecoy(decoySets.get(d++), d);
    }

    private String dir() {
        return List.of("services/deals", "services/billing", "services/crm-sync", "tools", "platform", "apps/web", "apps/api", "jobs")
                .get(serial % 8) + "-" + (serial / 8) + "/";
    }

    private void plant(Sample s, How how) throws IOException {
        serial++;
        String path = dir() + s.path();
        PersonIdent who = PEOPLE.get(serial % PEOPLE.size());
        String text = s.text();
        switch (how) {
            case MAIN -> record(s, path, text, null, git.commit("main", "Add " + s.path(), Map.of(path, text), who), how);
            case REMOVED -> {
                record(s, path, text, null, git.commit("main", "Add " + s.path(), Map.of(path, text), who), how);
                git.commit("main", "Move credentials out of " + s.path(), Map.of(path, "# moved to the secrets manager\n"), who);
            }
            case MERGED_DELETED -> {
                String branch = "feature/" + serial;
                record(s, path, text, null, git.commit(branch, "Add " + s.path(), Map.of(path, text), who), how);
                git.commit("main", "Unrelated " + serial, Map.of(dir() + "NOTES.md", "notes " + serial + "\n"));
                git.merge("main", branch, "Merge " + branch);
                git.deleteBranch(branch);
            }
            case UNMERGED -> record(s, path, text, null, git.commit("spike/" + serial, "Spike " + s.path(), Map.of(path, text), who), how);
            case TAG_ONLY -> {
                String branch = "release-" + serial;
                String commit = git.commit(branch, "Release config " + s.path(), Map.of(path, text), who);
                record(s, path, text, null, commit, how);
                RefUpdate u = git.repository().updateRef(Constants.R_TAGS + "v1." + serial);
                u.setNewObjectId(ObjectId.fromString(commit));
                u.setForceUpdate(true);
                u.update();
                git.deleteBranch(branch);
            }
            case RENAMED -> {
                record(s, path, text, null, git.commit("main", "Add " + s.path(), Map.of(path, text), who), how);
                Map<String, String> move = new java.util.HashMap<>();
                move.put(path, null);
                move.put(dir() + "old/" + s.path(), text);
                git.commit("main", "Move " + s.path(), move, who);
            }
            case BASE64, BASE64_TWICE -> {
                String enc = b64(text);
                if (how == How.BASE64_TWICE) enc = b64(enc);
                String name = s.path().replaceAll(".*/", "").replaceAll("^\\.", "");
                String file = dir() + "k8s/" + name.replaceAll("[^A-Za-z0-9]", "-") + "-secret.yaml";
                String yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name.replaceAll("[^a-z0-9]", "-").toLowerCase() + "\ntype: Opaque\ndata:\n  " + name + ": " + enc + "\n";
                record(s, file, yaml, enc, git.commit("main", "Add secret for " + name, Map.of(file, yaml), who), how);
            }
            case HEX -> {
                String hex = HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
                String file = dir() + "fixtures/" + s.path().replaceAll("[^A-Za-z0-9]", "_") + ".py";
                String py = "# captured from the config service\nPAYLOAD = bytes.fromhex(\n    \"" + hex + "\"\n)\n";
                record(s, file, py, hex, git.commit("main", "Add fixture", Map.of(file, py), who), how);
            }
            case PERCENT -> {
                String enc = URLEncoder.encode(text, StandardCharsets.UTF_8);
                String file = dir() + "logs/import-" + serial + ".log";
                String log = "2025-02-11T10:01:02Z INFO starting import\n2025-02-11T10:01:03Z DEBUG GET https://importer.acme.io/run?source=" + enc
                        + "&dry_run=false\n2025-02-11T10:01:04Z INFO done\n";
                record(s, file, log, enc, git.commit("main", "Add import log", Map.of(file, log), who), how);
            }
            case NOTEBOOK -> {
                String file = dir() + "notebooks/" + s.path().replaceAll("[^A-Za-z0-9]", "_") + ".ipynb";
                String nb = notebook(text);
                record(s, file, nb, null, git.commit("main", "Add notebook", Map.of(file, nb), who), how);
            }
            case MINIFIED -> {
                Secret only = s.secrets().getFirst();
                String file = dir() + "dist/app." + draw(HEXL, 8) + ".min.js";
                String js = minified(only.literal(), only.kind().startsWith("generic") ? "password" : "apiToken");
                record(s, file, js, null, git.commit("main", "Build bundle", Map.of(file, js), who), how);
            }
            case CRLF -> {
                String crlf = text.replace("\n", "\r\n");
                record(s, path, crlf, null, git.commit("main", "Add " + s.path(), Map.of(path, crlf), who), how);
            }
            case LATIN1 -> {
                String latin = "# Configuraci\u00f3n de producci\u00f3n \u2014 soci\u00e9t\u00e9 g\u00e9n\u00e9rale, a\u00f1o fiscal\n".replace('\u2014', '-') + text;
                byte[] bytes = latin.getBytes(StandardCharsets.ISO_8859_1);
                String commit = git.commitEntry("main", "Add " + s.path(), path, FileMode.REGULAR_FILE, git.blob(bytes));
                record(s, path, latin, null, commit, how);
            }
        }
    }

    /** Records each secret of a sample; {@code locator} is where an encoded copy sits (else the secret's own text). */
    private void record(Sample s, String path, String content, String locator, String commit, How how) {
        for (Secret sec : s.secrets()) {
            String anchor = locator != null ? locator : sec.literal().split("\n")[0];
            if (how == How.NOTEBOOK) anchor = jsonEscape(anchor);
            int at = content.indexOf(anchor);
            if (at < 0) throw new IllegalStateException("anchor not in content: " + sec.kind() + " " + path);
            int line = lineAt(content, at);
            plants.add(new Plant(sec.kind(), sec.core(), path, line, commit, how.label, content.split("\n", -1)[line - 1]));
        }
    }

    static int lineAt(String text, int at) {
        int n = 1;
        for (int i = 0; i < at; i++) if (text.charAt(i) == '\n') n++;
        return n;
    }

    static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String notebook(String text) {
        StringBuilder src = new StringBuilder();
        String[] lines = text.split("\n", -1);
        int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < n; i++) {
            src.append("    \"").append(jsonEscape(lines[i])).append(i < n - 1 ? "\\n\",\n" : "\"\n");
        }
        return "{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"metadata\": {},\n   \"source\": [\"# Exploring the deals data\"]\n  },\n"
                + "  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 3,\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n" + src
                + "   ]\n  }\n ],\n \"metadata\": {\n  \"kernelspec\": {\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"}\n },\n"
                + " \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
    }

    /** One long line of bundled code with the value in an object literal somewhere in the middle. */
    String minified(String literal, String name) {
        StringBuilder sb = new StringBuilder("!function(){\"use strict\";");
        int before = between(200, 400);
        for (int i = 0; i < before; i++) sb.append(minifiedStatement());
        sb.append("var ").append(draw(LO, 1)).append(draw(AN, 1)).append("={baseURL:\"https://api.acme.io\",").append(name).append(":\"")
                .append(literal).append("\",timeout:3e4};");
        int after = between(200, 400);
        for (int i = 0; i < after; i++) sb.append(minifiedStatement());
        return sb.append("}();\n//# sourceMappingURL=app.min.js.map\n").toString();
    }

    String minifiedStatement() {
        String a = draw(LO, 1) + draw(AN, rnd.nextInt(2));
        String b = draw(LO, 1);
        return switch (rnd.nextInt(8)) {
            case 0 -> "function " + a + "(" + b + "){return " + b + "&&" + b + ".__esModule?" + b + ".default:" + b + "}";
            case 1 -> "var " + a + "=" + b + "(" + rnd.nextInt(900) + ");";
            case 2 -> a + ".token=" + b + ".token||null;";
            case 3 -> "if(!" + a + ")throw new Error(\"missing " + draw(LO, 6) + "\");";
            case 4 -> a + "[\"" + draw(LO, 5) + "\"]=function(" + b + "){return " + b + "*" + rnd.nextInt(99) + "};";
            case 5 -> "const " + a + "={password:" + b + ".password,remember:!0};";
            case 6 -> a + ".headers.Authorization=\"Bearer \"+" + b + ";";
            default -> "for(var " + b + "=0;" + b + "<" + a + ".length;" + b + "++)" + a + "[" + b + "]^=" + rnd.nextInt(255) + ";";
        };
    }

    // ------------------------------------------------------------------- decoys

    /** A decoy file: its kind, path, text and how many decoys it holds. */
    record DecoySet(String kind, String path, String text, int items) {}

    private void placeDecoy(DecoySet d, int n) throws IOException {
        serial++;
        String path = dir() + d.path();
        How how = switch (n % 6) {
            case 1 -> How.REMOVED;
            case 3 -> How.CRLF;
            case 5 -> How.MERGED_DELETED;
            default -> How.MAIN;
        };
        String text = how == How.CRLF ? d.text().replace("\n", "\r\n") : d.text();
        switch (how) {
            case REMOVED -> {
                git.commit("main", "Add " + d.path(), Map.of(path, text));
                git.commit("main", "Tidy " + d.path(), Map.of(path, "# see the wiki\n"));
            }
            case MERGED_DELETED -> {
                String branch = "chore/" + serial;
                git.commit(branch, "Add " + d.path(), Map.of(path, text));
                git.merge("main", branch, "Merge " + branch);
                git.deleteBranch(branch);
            }
            default -> git.commit("main", "Add " + d.path(), Map.of(path, text));
        }
        decoys.add(new DecoyFile(d.kind(), path, d.items(), how.label));
    }

    private static DecoySet decoy(String kind, String path, String... lines) {
        return new DecoySet(kind, path, String.join("\n", lines) + "\n", lines.length);
    }

    /** Like {@link #decoy} for a file whose lines are not each a decoy. */
    private static DecoySet decoyText(String kind, String path, int items, String text) {
        return new DecoySet(kind, path, text, items);
    }

    List<DecoySet> decoySets() {
        List<DecoySet> out = new ArrayList<>();
        String akEx = "AK" + "IAIOSFODNN7" + "EXAMPLE";
        String skEx = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";
        String akEx2 = "AK" + "IAI44QH8DHB" + "EXAMPLE";
        String skEx2 = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvb" + "EXAMPLEKEY";
        out.add(decoy("doc-example", "docs/aws-setup.md",
                "Configure the CLI:", "", "    aws_access_key_id = " + akEx, "    aws_secret_access_key = " + skEx,
                "AWS_ACCESS_KEY_ID=" + akEx2, "AWS_SECRET_ACCESS_KEY=" + skEx2));
        out.add(decoy("doc-example", "infra/examples/provider.tf",
                "provider \"aws\" {", "  access_key = \"" + akEx + "\"", "  secret_key = \"" + skEx + "\"", "}"));
        out.add(decoy("doc-example", "docs/slack.md",
                "Incoming webhook, e.g. https://hooks.slack" + ".com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
                "Bot token looks like xo" + "xb-0000000000-0000000000000-" + "x".repeat(24)));
        out.add(decoy("doc-example", "docs/auth.md",
                "Example token from jwt.io:",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWV9.TJVA95OrM7E2cBab30RMHrHDcEfxjoYZgeFONFh7HgQ",
                "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"));
        out.add(decoy("doc-example", "docs/local-storage.md",
                "Azurite's well-known development key:",
                "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
                "AZURE_STORAGE_CONNECTION_STRING=UseDevelopmentStorage=true"));
        out.add(decoy("doc-example", "docs/twilio.md",
                "account_sid = 'AC" + "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'", "auth_token = 'your_auth_token'",
                "TWILIO_API_KEY=SK" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        // placeholders
        out.add(decoy("placeholder", ".env.example",
                "DATABASE_URL=postgres://user:password@localhost:5432/deals", "SECRET_KEY=changeme", "STRIPE_SECRET_KEY=sk" + "_live_xxxxxxxxxxxxxxxxxxxxxxxx",
                "GITHUB_TOKEN=<your-token>", "SLACK_BOT_TOKEN=xoxb-your-token", "HUBSPOT_TOKEN=ROTATED_TOKEN_HERE", "OPENAI_API_KEY=your_api_key_here",
                "SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "API_TOKEN=TODO", "JWT_SECRET=REPLACE_ME"));
        out.add(decoy("placeholder", "deploy/values.example.yaml",
                "db:", "  password: \"****\"", "  apiKey: \"<REDACTED>\"", "  token: ${API_TOKEN}", "  secret: \"{{ .Values.secret }}\"",
                "  clientSecret: \"%(CLIENT_SECRET)s\"", "  authToken: '__AUTH_TOKEN__'", "  private_key: \"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\""));
        out.add(decoy("placeholder", "README.setup.md",
                "1. Create a token at https://github.com/settings/tokens and set `GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`.",
                "2. Set `AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX` and `HUBSPOT_TOKEN=pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.",
                "3. `mongodb+srv://<username>:<password>@cluster0.mongodb.net/test`",
                "4. `password: <insert password here>`",
                "5. `export DB_PASSWORD=$DB_PASSWORD`",
                "6. `STRIPE_KEY=sk" + "_live_...`"));
        out.add(decoy("placeholder", "ansible/vault.yml",
                "db_password: !vault |", "          $ANSIBLE_VAULT;1.1;AES256",
                "          " + draw(HEXL, 80), "          " + draw(HEXL, 80), "api_token: ENC[AES256_GCM,data:" + b64(bytes(24)) + ",iv:" + b64(bytes(12)) + ",tag:" + b64(bytes(16)) + ",type:str]"));
        out.add(decoy("placeholder", "src/main/resources/application-template.properties",
                "spring.datasource.password=${DB_PASSWORD}", "app.jwt.secret=${JWT_SECRET:}", "mail.password=ENC(" + draw(B64, 32) + ")",
                "api.key=@api.key@", "token=#{systemProperties['token']}"));
        out.add(decoy("placeholder", "docker-compose.dev.yml",
                "      POSTGRES_PASSWORD: postgres", "      MYSQL_ROOT_PASSWORD: root", "      RABBITMQ_DEFAULT_PASS: guest",
                "      REDIS_URL: redis://:changeme@redis:6379", "      AMQP_URL: amqp://guest:guest@rabbitmq:5672", "      DATABASE_URL: mysql://root:root@127.0.0.1:3306/app"));
        // environment lookups
        out.add(decoy("env-lookup", "app/settings_env.py",
                "SECRET_KEY = os.environ[\"SECRET_KEY\"]", "DB_PASSWORD = os.environ.get(\"DB_PASSWORD\", \"\")", "api_key = os.getenv(\"API_KEY\")",
                "token = settings.GITHUB_TOKEN", "password = config(\"DB_PASSWORD\")", "STRIPE_SECRET_KEY = env.str(\"STRIPE_SECRET_KEY\")"));
        out.add(decoy("env-lookup", "web/src/env.ts",
                "const apiKey = process.env.OPENAI_API_KEY;", "const token = process.env[\"SLACK_BOT_TOKEN\"] ?? \"\";",
                "export const secret = import.meta.env.VITE_APP_SECRET;", "const password = Deno.env.get(\"DB_PASSWORD\");"));
        out.add(decoy("env-lookup", "src/main/java/com/acme/Env.java",
                "    String password = System.getenv(\"DB_PASSWORD\");", "    String apiKey = System.getProperty(\"api.key\");",
                "    private final String token = env.getProperty(\"github.token\");"));
        out.add(decoy("env-lookup", ".github/workflows/ci.yml",
                "env:", "  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}", "  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
                "  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}", "  SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK }}"));
        out.add(decoy("env-lookup", "infra/db.tf",
                "  password = var.db_password", "  master_password = data.aws_secretsmanager_secret_version.db.secret_string",
                "  api_key = local.datadog_api_key", "  token = random_password.token.result"));
        out.add(decoy("env-lookup", "k8s/env-from-secret.yaml",
                "        - name: DB_PASSWORD", "          valueFrom:", "            secretKeyRef:", "              name: db-credentials", "              key: password"));
        out.add(decoy("env-lookup", "scripts/env.sh",
                "export PGPASSWORD=\"$DB_PASSWORD\"", "TOKEN=$(aws secretsmanager get-secret-value --secret-id prod/token --query SecretString --output text)",
                "API_KEY=\"${API_KEY:?missing}\"", "password=$(vault kv get -field=password secret/db)"));
        out.add(decoy("env-lookup", "config/initializers/keys.rb",
                "Stripe.api_key = ENV.fetch(\"STRIPE_SECRET_KEY\")", "config.secret_key_base = Rails.application.credentials.secret_key_base",
                "  password: <%= ENV['DB_PASSWORD'] %>"));
        out.add(decoy("env-lookup", "cmd/env.go",
                "\tapiKey := os.Getenv(\"API_KEY\")", "\tpassword, ok := os.LookupEnv(\"DB_PASSWORD\")", "\tcfg.Token = viper.GetString(\"github.token\")"));
        out.add(decoy("env-lookup", "template.yaml",
                "      MasterUserPassword: !Ref DbPassword", "      ApiKey: '{{resolve:secretsmanager:prod/api:SecretString:key}}'",
                "      Password: !Sub '{{resolve:ssm-secure:/prod/db/password}}'"));
        // hashes
        out.add(decoy("hash", "CHANGELOG.md",
                "## 2.4.0", "- fix token refresh (" + draw(HEXL, 40) + ")", "- rotate secrets job (" + draw(HEXL, 7) + ")",
                "Merge: " + draw(HEXL, 7) + " " + draw(HEXL, 7), "commit " + draw(HEXL, 40)));
        out.add(decoy("hash", "release/checksums.txt",
                draw(HEXL, 64) + "  patrol-linux-amd64.tar.gz", draw(HEXL, 64) + "  patrol-darwin-arm64.tar.gz", draw(HEXL, 32) + "  patrol.md5",
                "sha1: " + draw(HEXL, 40)));
        out.add(decoy("hash", "db/seeds/users.yml",
                "- email: ana@acme.example", "  password_digest: \"$2a$12$" + draw(AN + "./", 53) + "\"",
                "- email: bo@acme.example", "  encrypted_password: $2b$10$" + draw(AN + "./", 53),
                "  password_hash: \"" + draw(HEXL, 64) + "\"", "  password: \"$argon2id$v=19$m=65536,t=3,p=4$" + b64url(bytes(16)) + "$" + b64url(bytes(32)) + "\""));
        out.add(decoy("hash", "k8s/deploy-pinned.yaml",
                "        image: ghcr.io/acme/deals@sha256:" + draw(HEXL, 64), "        checksum/config: " + draw(HEXL, 64),
                "    secretChecksum: " + draw(HEXL, 64), "    tokenHash: " + draw(HEXL, 40)));
        out.add(decoy("hash", "web/public/index.html",
                "<script src=\"https://cdn.acme.io/app.js\" integrity=\"sha384-" + b64(bytes(48)) + "\" crossorigin=\"anonymous\"></script>",
                "<link rel=\"stylesheet\" href=\"/app.css\" integrity=\"sha256-" + b64(bytes(32)) + "\">"));
        out.add(decoy("hash", "requirements.txt",
                "requests==2.32.3 \\", "    --hash=sha256:" + draw(HEXL, 64) + " \\", "    --hash=sha256:" + draw(HEXL, 64),
                "cryptography==43.0.1 --hash=sha256:" + draw(HEXL, 64)));
        out.add(decoy("hash", "src/auth/verify.py",
                "EXPECTED_TOKEN_SHA256 = \"" + draw(HEXL, 64) + "\"", "webhook_secret_digest = \"" + draw(HEXL, 64) + "\"",
                "API_KEY_FINGERPRINT = \"" + draw(HEXL, 40) + "\"", "git_sha = \"" + draw(HEXL, 40) + "\""));
        // UUIDs
        out.add(decoy("uuid", "api/fixtures/orders.json",
                "{\"id\": \"" + uuid() + "\", \"customerId\": \"" + uuid() + "\",", " \"requestId\": \"" + uuid() + "\", \"traceId\": \"" + draw(HEXL, 32) + "\",",
                " \"idempotencyKey\": \"" + uuid() + "\", \"tokenId\": \"" + uuid() + "\"}"));
        out.add(decoy("uuid", "infra/azure.tfvars",
                "tenant_id       = \"" + uuid() + "\"", "subscription_id = \"" + uuid() + "\"", "client_id       = \"" + uuid() + "\"",
                "object_id       = \"" + uuid() + "\""));
        out.add(decoy("uuid", "k8s/status.yaml",
                "metadata:", "  uid: " + uuid(), "  resourceVersion: \"" + rnd.nextInt(999999) + "\"", "  secretRef: " + uuid()));
        // lockfiles
        out.add(decoy("lockfile", "web/package-lock.json", lockfileJson(6)));
        out.add(decoy("lockfile", "web/npm-shrinkwrap.json", lockfileJson(6)));
        out.add(decoy("lockfile", "api/yarn.lock",
                "\"lodash@^4.17.21\":", "  version \"4.17.21\"", "  resolved \"https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#" + draw(HEXL, 40) + "\"",
                "  integrity sha512-" + b64(bytes(64))));
        out.add(decoy("lockfile", "etl/Pipfile.lock",
                "        \"requests\": {", "            \"hashes\": [", "                \"sha256:" + draw(HEXL, 64) + "\",",
                "                \"sha256:" + draw(HEXL, 64) + "\"", "            ],"));
        out.add(decoy("lockfile", "infra/.terraform.lock.hcl",
                "provider \"registry.terraform.io/hashicorp/aws\" {", "  version = \"5.40.0\"", "  hashes = [",
                "    \"h1:" + b64(bytes(32)) + "\",", "    \"zh:" + draw(HEXL, 64) + "\",", "  ]", "}"));
        // base64 images and fonts
        out.add(decoy("base64-media", "web/src/styles.css",
                ".logo { background: url(data:image/png;base64," + b64(png(600)) + "); }",
                "@font-face { font-family: Inter; src: url(data:font/woff2;base64," + b64(woff2(3000)) + ") format(\"woff2\"); }"));
        out.add(decoy("base64-media", "docs/diagram.md",
                "![architecture](data:image/jpeg;base64," + b64(jpeg(2000)) + ")",
                "<img src=\"data:image/gif;base64," + b64(gif(300)) + "\" alt=\"spinner\">"));
        out.add(decoy("base64-media", "web/src/icons.ts",
                "export const check = \"data:image/svg+xml;base64," + b64("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z\"/></svg>") + "\";",
                "export const favicon = \"" + b64(png(200)) + "\";"));
        // obviously fake test fixtures
        out.add(decoy("test-fixture", "tests/test_auth.py",
                "FAKE_TOKEN = \"gh" + "p_" + "A".repeat(36) + "\"", "api_key = \"test-api-key-123\"", "password = \"fake-password-for-tests\"",
                "token = \"dummy_token_value\"", "AWS_KEY = \"AK" + "IA" + "0".repeat(16) + "\"", "secret = \"mock-secret-abcdef\"",
                "HUBSPOT = \"pat-" + "na1-00000000-0000-0000-0000-000000000000\""));
        out.add(decoy("test-fixture", "api/test/auth.test.js",
                "const token = 'test_token_1234567890';", "process.env.STRIPE_KEY = 'sk" + "_test_" + "fake" + "0".repeat(20) + "';",
                "const password = 'not-a-real-password';", "const jwt = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.';",
                "const webhook = 'https://hooks.slack" + ".com/services/TEST/TEST/test';"));
        out.add(decoy("test-fixture", "src/test/java/com/acme/ClientTest.java",
                "        String apiKey = \"test-key\";", "        client.setPassword(\"secret123\");", "        String token = \"abc123\";",
                "        when(vault.read(\"db\")).thenReturn(\"fake_secret_value_for_unit_tests\");"));
        // minified code
        out.add(decoy("minified", "web/dist/vendor." + draw(HEXL, 8) + ".min.js", minifiedNoSecret()));
        out.add(decoy("minified", "web/dist/auth." + draw(HEXL, 8) + ".min.js", minifiedNoSecret()));
        // random identifiers
        out.add(decoy("random-id", "web/src/components.tsx",
                "<div className=\"css-" + draw(LO + DIG, 6) + " e1" + draw(LO + DIG, 6) + "\" key=\"" + draw(AN, 21) + "\">",
                "const id = \"" + draw(AN + "_-", 21) + "\";", "const nonce = \"" + b64(bytes(16)) + "\";",
                "const chunk = \"chunk-" + draw(HEXL, 20) + "\";"));
        out.add(decoy("random-id", "api/fixtures/events.json",
                "{\"event_id\": \"evt_" + draw(AN, 24) + "\", \"object\": \"event\", \"request\": {\"id\": \"req_" + draw(AN, 14) + "\"},",
                " \"customer\": \"cus_" + draw(AN, 14) + "\", \"charge\": \"ch_" + draw(AN, 24) + "\", \"etag\": \"W/\\\"" + draw(HEXL, 32) + "\\\"\"}"));
        out.add(decoy("random-id", "src/main/resources/messages.properties",
                "password.label=Password", "password.hint=Use at least 12 characters", "token.expired=Your session has expired, please sign in again",
                "secret.question=What was the name of your first pet?", "apikey.help=Create a key under Settings / API"));
        out.add(decoy("random-id", "app/constants.py",
                "TOKEN_URL = \"https://oauth2.googleapis.com/token\"", "PASSWORD_MIN_LENGTH = 12", "API_KEY_HEADER = \"X-Api-Key\"",
                "SECRET_NAME = \"prod/deals/db-credentials\"", "TOKEN_TYPE = \"Bearer\"", "SECRET_ARN = \"arn:aws:secretsmanager:us-east-1:" + draw(DIG, 12) + ":secret:prod/db-" + draw(AN, 6) + "\"",
                "password_file = \"/run/secrets/postgres_password\"", "tokenizer_name = \"bert-base-multilingual-cased\""));
        out.add(decoy("random-id", "app/views.py",
                "    token = request.headers.get(\"Authorization\", \"\").removeprefix(\"Bearer \")", "    password = form.cleaned_data[\"password\"]",
                "    secret = generate_secret(length=32)", "    api_key = ApiKey.objects.create(user=user).key", "    session_token = secrets.token_urlsafe(32)"));
        out.add(decoy("random-id", "deploy/cluster.yaml",
                "  clusterName: deals-prod-" + draw(LO + DIG, 5), "  vpcId: vpc-" + draw(HEXL, 17), "  subnet: subnet-" + draw(HEXL, 17),
                "  ami: ami-" + draw(HEXL, 17), "  secretName: tls-deals-" + draw(LO + DIG, 5), "  certificateArn: arn:aws:acm:eu-west-1:" + draw(DIG, 12) + ":certificate/" + uuid()));
        // public keys and certificates
        out.add(decoy("public-key", "deploy/authorized_keys",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + draw(B64, 43) + " ana@laptop",
                "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + draw(B64, 340) + " ci@runner"));
        out.add(decoyText("public-key", "certs/ca.pem", 1, pem("CERTIFICATE", 18, 64, "MIIDdzCCAl+gAwIBAgIE") + "\n"));
        out.add(decoyText("public-key", "certs/signing.pub", 1, pem("PUBLIC KEY", 6, 64, "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA") + "\n"));
        out.add(decoy("public-key", "web/src/stripe.js",
                "const stripe = Stripe('pk" + "_live_" + draw(AN, 99) + "');", "const vapidPublicKey = \"B" + draw(B64URL, 86) + "\";",
                "const publishableKey = \"pk" + "_test_" + draw(AN, 24) + "\";"));
        // encoded harmless text
        out.add(decoy("encoded-harmless", "k8s/configmap-encoded.yaml",
                "data:", "  settings: " + b64("log_level=info\nregion=eu-west-1\nfeature_flags=a,b,c\n"),
                "  defaults: " + b64("password=changeme\nuser=admin\n"), "  payload: " + HexFormat.of().formatHex("{\"hello\":\"world\",\"count\":42}".getBytes(StandardCharsets.UTF_8)),
                "  callback: https://app.acme.io/oauth/callback?redirect_uri=https%3A%2F%2Fapp.acme.io%2Fhome&state=" + draw(AN, 16)));
        return out;
    }

    // ------------------------------------------------------------------ holdout
    //
    // Written after the first round of fixes and measured before any further
    // change, to see whether those fixes generalise: contexts not used above,
    // and decoys aimed at what the fixes loosened (the lower entropy floor for
    // generic values, "pass" as a name, the rules for XML, calls, command lines,
    // Authorization headers, environment lists).

    List<Sample> holdoutSamples() {
        List<Sample> out = new ArrayList<>();
        String v;
        v = "key-" + draw(HEXL, 32);
        out.add(sample("mail/mailgun.env", "MAILGUN_API_KEY=" + v + "\nMAILGUN_DOMAIN=mg.acme.io\n", sec("holdout/generic", v)));
        v = draw(HEXL, 128);
        out.add(sample("config/master.env", "SECRET_KEY_BASE=" + v + "\n", sec("holdout/generic", v)));
        v = "GOCSPX-" + draw(B64URL, 28);
        out.add(sample("auth/google-oauth.yaml", "google:\n  client_id: " + draw(DIG, 12) + "-" + draw(LO + DIG, 32) + ".apps.googleusercontent.com\n  client_secret: " + v + "\n", sec("holdout/generic", v)));
        v = password(18);
        out.add(sample("charts/values-prod.yaml", "postgresql:\n  auth:\n    adminPassword: \"" + v + "\"\n", sec("holdout/generic", v)));
        v = draw(AN, 24);
        out.add(sample("ops/restore.sh", "PGPASSWORD=" + v + " psql -h db.acme.internal -U deals deals < dump.sql\n", sec("holdout/generic", v)));
        v = draw(HEXL, 40);
        out.add(sample("web/src/config.json", "{\"apiSecret\":\"" + v + "\",\"region\":\"eu\"}\n", sec("holdout/generic", v)));
        v = urlsafe(24);
        out.add(sample("android/app/src/main/java/com/acme/Keys.kt", "object Keys {\n    const val API_KEY = \"" + v + "\"\n}\n", sec("holdout/generic", v)));
        v = urlsafe(24);
        out.add(sample("ios/Acme/Config.swift", "let apiToken = \"" + v + "\"\n", sec("holdout/generic", v)));
        v = draw(AN, 32);
        out.add(sample("src/keys.rs", "pub const API_TOKEN: &str = \"" + v + "\";\n", sec("holdout/generic", v)));
        v = draw(AN, 32);
        String wifi = password(16);
        out.add(sample("firmware/secrets.h", "#define WIFI_PASSWORD \"" + wifi + "\"\n#define API_KEY \"" + v + "\"\n",
                sec("holdout/generic", wifi), sec("holdout/generic", v)));
        v = draw(AN, 20);
        out.add(sample("cmd/main_test_setup.go", "\tos.Setenv(\"API_TOKEN\", \"" + v + "\")\n", sec("holdout/generic", v)));
        v = draw(AN, 20);
        out.add(sample("scripts/setup.ps1", "$env:DEPLOY_TOKEN = \"" + v + "\"\n", sec("holdout/generic", v)));
        v = password(16);
        out.add(sample("etc/mysql/my.cnf", "[client]\nuser=backup\npassword=\"" + v + "\"\n", sec("holdout/generic", v)));
        v = password(16);
        out.add(sample("scripts/ssh.sh", "sshpass -p '" + v + "' ssh deploy@10.0.0.12 'sudo systemctl restart deals'\n", sec("holdout/generic", v)));
        String secret = awsSecret();
        String keyId = awsKeyId();
        out.add(sample("scripts/aws-setup.sh", "aws configure set aws_access_key_id " + keyId + "\naws configure set aws_secret_access_key " + secret + "\n",
                sec("holdout/provider", keyId), sec("holdout/aws-secret", secret)));
        v = draw(AN, 24);
        out.add(sample("ops/db.pgpass", "db.acme.internal:5432:deals:deals:" + v + "\n", sec("holdout/generic", v)));
        v = urlsafe(32);
        out.add(sample("api/src/middleware.js", "app.use(session({ secret: '" + v + "', resave: false }));\n", sec("holdout/generic", v)));
        v = draw(HEXL, 64);
        out.add(sample("config/credentials.yml", "production:\n  stripe:\n    webhook_signing_secret: " + v + "\n", sec("holdout/generic", v)));
        v = b64(bytes(32));
        out.add(sample("k8s/sealed.yaml", "apiVersion: v1\nkind: Secret\nstringData:\n  ENCRYPTION_KEY: \"" + v + "\"\n", sec("holdout/generic", v)));
        v = draw(AN, 24);
        out.add(sample("docs/api.md", "```\ncurl https://api.acme.io/v2/deals -H 'X-Auth-Token: " + v + "'\n```\n", sec("holdout/generic", v)));
        // provider tokens in places not used above
        String t = gh("p");
        out.add(sample("docs/setup.md", "| variable | value |\n|---|---|\n| GH_TOKEN | `" + t + "` |\n", sec("holdout/provider", t)));
        t = slackBot();
        out.add(sample("bot/tokens.csv", "workspace,token\nacme," + t + "\n", sec("holdout/provider", t)));
        t = stripe("sk", 24);
        out.add(sample("billing/README.md", "Charge with `curl https://api.stripe.com/v1/charges?key=" + t + "`\n", sec("holdout/provider", t)));
        t = sendgrid();
        out.add(sample("mail/settings.xml", "<mail><sendgrid apiKey=\"" + t + "\"/></mail>\n", sec("holdout/provider", t)));
        t = npm();
        out.add(sample("web/package.json", "{\n  \"scripts\": {\"publish\": \"NPM_TOKEN=" + t + " npm publish\"}\n}\n", sec("holdout/provider", t)));
        t = googleKey();
        out.add(sample("web/src/maps.ts", "const url = `https://maps.googleapis.com/maps/api/geocode/json?address=${a}&key=" + t + "`;\n", sec("holdout/provider", t)));
        t = hubspot("na1");
        out.add(sample("crm/hubspot.yaml", "hubspot:\n  - portal: 4412\n    token: " + t + "\n", sec("holdout/provider", t)));
        t = anthropic("api03");
        out.add(sample("ml/settings.toml", "[llm]\nprovider = \"anthropic\"\nkey = \"" + t + "\"\n", sec("holdout/provider", t)));
        t = jwt("ES256", "{\"sub\":\"svc-export\",\"scope\":\"export:all\",\"iat\":" + (1_700_000_000L + rnd.nextInt(9_999_999)) + "}");
        out.add(sample("jobs/export.env", "EXPORT_JWT=" + t + "\n", sec("holdout/provider", t)));
        String pw = draw(AN, 20);
        out.add(sample("jobs/etl.yaml", "source:\n  uri: postgresql://reader:" + pw + "@replica.acme.internal/deals\n", sec("holdout/provider", pw)));
        return out;
    }

    List<DecoySet> holdoutDecoys() {
        List<DecoySet> out = new ArrayList<>();
        out.add(decoy("holdout/names-not-secrets", "api/fixtures/pages.json",
                "{\"nextPageToken\": \"" + b64url(bytes(30)) + "\", \"items\": []}",
                "{\"continuation_token\": \"" + b64(bytes(24)) + "\"}",
                "<input type=\"hidden\" name=\"csrf_token\" value=\"" + b64url(bytes(32)) + "\">",
                "{\"token_type\": \"Bearer\", \"expires_in\": 3599, \"scope\": \"read write\"}",
                "password_updated_at: \"2024-01-01T10:00:00Z\"",
                "api_key_created: \"2024-05-06T10:11:12Z\"",
                "secret_version: \"v2.3.1-beta\""));
        out.add(decoy("holdout/names-not-secrets", "config/app.yml",
                "bypass_token_check: enabled_for_staging", "passthrough: x-forwarded-for", "password_policy: min-length=12;require-digits",
                "tokenizer: bert-base-uncased", "secret_store: aws-secretsmanager", "passport_number: X12345670",
                "token_ttl_seconds: 3600", "max_tokens: 4096", "compass_url: https://compass.acme.io"));
        out.add(decoy("holdout/cli", "ci/build.sh",
                "docker build --secret id=npmrc,src=$HOME/.npmrc -t deals .", "echo \"$CR_PAT\" | docker login ghcr.io -u acme --password-stdin",
                "gh auth login --with-token < token.txt", "kubectl create secret generic db --from-literal=password=\"$DB_PASSWORD\"",
                "mysql -u root -p\"$MYSQL_ROOT_PASSWORD\" -e 'select 1'", "mysql -uroot -p -h db", "curl -u \"$USER:$TOKEN\" https://api.acme.io",
                "vault login -method=userpass username=ci password=\"${VAULT_PASSWORD}\"", "terraform apply -var \"db_password=${TF_VAR_db_password}\"",
                "docker login -u AWS -p $(aws ecr get-login-password --region eu-west-1) 1234.dkr.ecr.eu-west-1.amazonaws.com",
                "helm upgrade deals ./chart --set api.token=$API_TOKEN"));
        out.add(decoy("holdout/http", "docs/http-auth.md",
                "Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Bearer <ACCESS_TOKEN>", "Authorization: Bearer ${TOKEN}",
                "headers = {\"Authorization\": \"Bearer \" + token}", "Authorization: Bearer YOUR_API_TOKEN_HERE",
                "-H \"Authorization: token $GITHUB_TOKEN\""));
        out.add(decoy("holdout/xml", "config/server.xml",
                "<password>${db.password}</password>", "<password>changeit</password>", "<passwordEncoder>bcrypt</passwordEncoder>",
                "<add key=\"ApiKeyHeader\" value=\"X-Api-Key\" />", "<add key=\"TokenLifetimeMinutes\" value=\"60\" />",
                "<add key=\"Password\" value=\"\" />", "<apiKey>@api.key@</apiKey>", "<token>{{ api_token }}</token>",
                "<Resource name=\"jdbc/deals\" username=\"deals\" password=\"${DB_PASSWORD}\"/>"));
        out.add(decoy("holdout/calls", "src/app/calls.py",
                "api_key = os.getenv(\"API_KEY\", \"dev-key-not-secret\")", "password = request.form.get(\"password\", \"\")",
                "props.put(\"password\", System.getenv(\"DB_PASSWORD\"))", "logger.info(\"token\", \"Refreshed token for user\")",
                "res.cookie(\"token\", jwtToken, { httpOnly: true })", "form.setValue(\"password\", \"P@ssw0rd123!\")",
                "t.Setenv(\"API_TOKEN\", \"test-token\")", "define( 'AUTH_KEY', 'put your unique phrase here' );",
                "ds.setPassword(passwordEncoder.encode(raw));", "os.environ[\"DB_PASSWORD\"] = getpass.getpass()",
                "config[\"token\"] = \"REPLACE_ME\""));
        out.add(decoy("holdout/env-lists", "k8s/worker.yaml",
                "        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}",
                "        - name: API_TOKEN\n          value: \"\"", "        - name: TOKEN_TTL\n          value: \"3600\"",
                "        - name: JWT_SECRET\n          value: $(JWT_SECRET)"));
        out.add(decoy("holdout/dockerfile", "images/python/Dockerfile",
                "ENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305", "ENV PASSWORD_FILE /run/secrets/db_password",
                "ENV TOKEN_URL https://auth.acme.io/oauth/token", "ENV API_KEY \"\"", "ENV PYTHON_SHA256 " + draw(HEXL, 64)));
        out.add(decoy("holdout/terraform", "infra/vars.tf",
                "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}", "variable \"api_token\" {\n  default = \"\"\n}",
                "variable \"admin_password\" {\n  default = \"changeme\"\n}"));
        out.add(decoy("holdout/templates", ".env.template",
                "SECRET_KEY=your-secret-key", "JWT_SECRET=supersecretjwtkey", "SESSION_SECRET=keyboard cat", "API_KEY=",
                "DB_PASSWORD=<db password>", "STRIPE_KEY=sk" + "_test_...", "ENCRYPTION_KEY=32-character-encryption-key-here",
                "GITHUB_TOKEN=ghp_" + "0123456789abcdefghijklmnopqrstuvwxyz"));
        out.add(decoy("holdout/hashes", "db/fixtures/accounts.sql",
                "INSERT INTO users (email, password) VALUES ('ana@acme.example', '$2y$10$" + draw(AN + "./", 53) + "');",
                "UPDATE users SET password = 'pbkdf2_sha256$600000$" + draw(AN, 22) + "$" + b64(bytes(32)) + "' WHERE id = 1;",
                "ldap_password: \"{SSHA}" + b64(bytes(24)) + "\"", "api_token_sha256: \"" + draw(HEXL, 64) + "\"",
                "\"passwordHash\": \"" + b64(bytes(32)) + "\""));
        out.add(decoy("holdout/encrypted", "config/secrets.enc.yaml",
                "db_password: ENC[AES256_GCM,data:" + b64(bytes(18)) + ",iv:" + b64(bytes(32)) + ",tag:" + b64(bytes(16)) + ",type:str]",
                "spring.datasource.password={cipher}" + draw(HEXL, 96), "mail.password=ENC(" + b64(bytes(32)) + ")",
                "api_token: vault:v1:" + b64(bytes(40))));
        return out;
    }

    /**
     * A second batch of decoys, written after the holdout's fixes and measured
     * before any further change: masked and elided values, salts, encrypted
     * fields, development database URLs, truncated keys in documentation, and
     * provider-shaped fixtures.
     */
    List<DecoySet> secondHoldoutDecoys() {
        List<DecoySet> out = new ArrayList<>();
        out.add(decoy("holdout2/masked", "logs/request.log",
                "params: {\"email\"=>\"ana@acme.example\", \"password\"=>\"[FILTERED]\"}", "{\"password\": \"********\", \"token\": \"***REDACTED***\"}",
                "api_key: \"sk-...a1b2\"", "OPENAI_API_KEY=sk-proj-****", "Authorization: Bearer ey...", "password=<hidden>",
                "\"secret\": \"\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\""));
        out.add(decoy("holdout2/not-credentials", "api/fixtures/users.json",
                "{\"passwordSalt\": \"" + b64(bytes(16)) + "\", \"passwordIterations\": 310000,",
                " \"encrypted_token\": \"" + b64(bytes(48)) + "\", \"token_iv\": \"" + b64(bytes(12)) + "\",",
                " \"publicKey\": \"" + b64(bytes(65)) + "\", \"apiKeyName\": \"deals-prod\", \"secretArn\": \"arn:aws:secretsmanager:eu-west-1:" + draw(DIG, 12) + ":secret:db-" + draw(AN, 6) + "\",",
                " \"token_endpoint_auth_method\": \"client_secret_basic\", \"client_secret_expires_at\": 0}"));
        out.add(decoy("holdout2/dev-db-urls", "docker-compose.local.yml",
                "      DATABASE_URL: postgresql://username:password@localhost:5432/database", "      DATABASE_URL: postgres://app:$DB_PASSWORD@db/app",
                "      MONGO_URL: mongodb://<user>:<pass>@localhost:27017", "      CELERY_BROKER_URL: amqp://guest:guest@localhost//",
                "      REDIS_URL: redis://default:changeme@redis:6379/0", "      SQLALCHEMY_DATABASE_URI: postgresql://%(user)s:%(password)s@%(host)s/app"));
        out.add(decoy("holdout2/truncated-keys", "docs/tls.md",
                "Paste the key:", "", "    -----BEGIN RSA " + "PRIVATE KEY-----", "    MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Ll...",
                "    ...", "    -----END RSA " + "PRIVATE KEY-----", "", "Or: `-----BEGIN OPENSSH " + "PRIVATE KEY-----\\n<your key>\\n-----END OPENSSH " + "PRIVATE KEY-----`"));
        out.add(decoy("holdout2/provider-fixtures", "tests/fixtures/tokens.yaml",
                "github: ghp_" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "gitlab: glpat-" + "xxxxxxxxxxxxxxxxxxxx", "slack: xoxb-" + "1234567890-1234567890-abcdefghijklmnopqrstuvwx",
                "stripe: sk_live_" + "0000000000000000000000000", "openai: sk-" + "proj-" + "x".repeat(48), "aws: AKIA" + "0000EXAMPLE00000",
                "google: AIza" + "SyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "twilio: AC" + "0".repeat(32), "npm: npm_" + "1234567890abcdefghijklmnopqrstuvwxyz",
                "sendgrid: SG." + "xxxxxxxxxxxxxxxxxxxxxx.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"));
        out.add(decoy("holdout2/code", "src/auth/session.ts",
                "const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });", "if (password.length < MIN_PASSWORD_LENGTH) throw new Error(\"too short\");",
                "const hashed = await bcrypt.hash(password, 12);", "export const TOKEN_STORAGE_KEY = \"deals.auth.token\";",
                "const apiKey = req.header(\"x-api-key\") ?? \"\";", "const secretName = `prod/${service}/api-key`;",
                "passwordInput.type = showPassword ? \"text\" : \"password\";", "const { accessToken, refreshToken } = await refresh(oldRefreshToken);"));
        out.add(decoy("holdout2/kubectl", "docs/k8s.md",
                "kubectl create secret generic db --from-literal=password=\"$(openssl rand -base64 24)\"",
                "kubectl get secret db -o jsonpath='{.data.password}' | base64 -d", "helm install deals ./chart --set auth.password=$PASSWORD"));
        return out;
    }

    private String[] lockfileJson(int n) {
        List<String> lines = new ArrayList<>();
        lines.add("{");
        lines.add("  \"lockfileVersion\": 3,");
        for (int i = 0; i < n; i++) {
            lines.add("    \"node_modules/" + draw(LO, 6) + "\": {\"version\": \"1." + i + ".0\", \"resolved\": \"https://registry.npmjs.org/x/-/x-1." + i
                    + ".0.tgz\", \"integrity\": \"sha512-" + b64(bytes(64)) + "\"},");
        }
        lines.add("}");
        return lines.toArray(String[]::new);
    }

    private byte[] withHeader(byte[] header, int n) {
        byte[] b = bytes(n);
        System.arraycopy(header, 0, b, 0, header.length);
        return b;
    }

    private byte[] png(int n) {
        return withHeader(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'}, n);
    }

    private byte[] jpeg(int n) {
        return withHeader(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0}, n);
    }

    private byte[] gif(int n) {
        return withHeader("GIF89a".getBytes(StandardCharsets.US_ASCII), n);
    }

    private byte[] woff2(int n) {
        return withHeader("wOF2".getBytes(StandardCharsets.US_ASCII), n);
    }

    private String minifiedNoSecret() {
        StringBuilder sb = new StringBuilder("!function(){\"use strict\";");
        for (int i = 0; i < 600; i++) sb.append(minifiedStatement());
        sb.append("var ").append(draw(LO, 2)).append("={token:null,password:\"\",apiKey:void 0,secret:").append(draw(LO, 1)).append("};");
        return sb.append("}();\n//# sourceMappingURL=data:application/json;base64,")
                .append(b64("{\"version\":3,\"sources\":[\"src/auth.ts\"],\"names\":[\"token\",\"password\"],\"mappings\":\"AAAA,SAASA,EAAMC\"}"))
                .toString();
    }
}
