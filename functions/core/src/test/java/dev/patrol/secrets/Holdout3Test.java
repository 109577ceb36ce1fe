package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.git.HistoryScanner;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanRequest;
import dev.patrol.secrets.rules.RuleSet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third blind holdout: planted fake credentials and decoys in realistic files,
 * some only in history, some on a merged-then-deleted branch, some encoded.
 * Every token is generated at run time; no credential-shaped literal is in
 * this source.
 */
class Holdout3Test {

    @TempDir
    Path dir;

    record Plant(String kind, String path, List<String> needles) {}

    record Decoy(String kind, String path, List<String> needles) {}

    static final String UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LO = "abcdefghijklmnopqrstuvwxyz";
    static final String DG = "0123456789";
    static final String HX = "0123456789abcdef";
    static final String AN = UP + LO + DG;
    static final String B64 = AN + "+/";
    static final String URLS = AN + "-_";

    final Random rnd = new Random(0x4d3a_2026L);
    final List<Plant> plants = new ArrayList<>();
    final List<Decoy> decoys = new ArrayList<>();
    final Map<String, String> mainFiles = new LinkedHashMap<>();
    final Map<String, String> historyFiles = new LinkedHashMap<>();
    final Map<String, String> branchFiles = new LinkedHashMap<>();

    String s(String alpha, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alpha.charAt(rnd.nextInt(alpha.length())));
        return b.toString();
    }

    String uuid() {
        return s(HX, 8) + "-" + s(HX, 4) + "-4" + s(HX, 3) + "-a" + s(HX, 3) + "-" + s(HX, 12);
    }

    String b64(String x) {
        return Base64.getEncoder().encodeToString(x.getBytes(StandardCharsets.UTF_8));
    }

    String b64url(byte[] x) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(x);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    String password() {
        return s(LO, 3) + s(UP, 2) + s(DG, 3) + "!" + s(AN, 9) + "#" + s(LO, 3);
    }

    void plant(Map<String, String> where, String kind, String path, String content, String... needles) {
        where.merge(path, content, (a, b) -> a + "\n" + b);
        plants.add(new Plant(kind, path, List.of(needles)));
    }

    void decoy(String kind, String path, String content, String... needles) {
        mainFiles.merge(path, content, (a, b) -> a + "\n" + b);
        decoys.add(new Decoy(kind, path, List.of(needles)));
    }

    String awsId() {
        return "AK" + "IA" + s(UP + "234567", 16);
    }

    String awsSecret() {
        return s(B64, 40);
    }

    String pem(String type, int lines) {
        StringBuilder b = new StringBuilder("-----BEGIN " + type + "-----\n");
        for (int i = 0; i < lines; i++) b.append(Base64.getEncoder().encodeToString(bytes(48))).append('\n');
        b.append(Base64.getEncoder().encodeToString(bytes(20))).append("=\n");
        return b + "-----END " + type + "-----";
    }

    String jwt() {
        String h = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String p = b64url(("{\"sub\":\"" + s(DG, 8) + "\",\"role\":\"admin\",\"iat\":17" + s(DG, 8) + "}").getBytes(StandardCharsets.UTF_8));
        return h + "." + p + "." + b64url(bytes(32));
    }

    void buildPlants() {
        // ---- AWS
        String id = awsId(), sec = awsSecret();
        plant(mainFiles, "aws-pair", "deploy/aws/credentials", "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + sec + "\nregion = eu-west-1\n", id, sec);
        id = awsId(); sec = awsSecret();
        plant(historyFiles, "aws-pair", "infra/providers.tf", "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"" + id + "\"\n  secret_key = \"" + sec + "\"\n}\n", id, sec);
        id = awsId(); sec = awsSecret();
        plant(branchFiles, "aws-pair", "services/billing/.env", "AWS_ACCESS_KEY_ID=" + id + "\nAWS_SECRET_ACCESS_KEY=" + sec + "\nAWS_REGION=us-east-2\n", id, sec);
        id = awsId(); sec = awsSecret();
        plant(mainFiles, "aws-pair", "scripts/upload.py", "import boto3\n\ns3 = boto3.client(\n    \"s3\",\n    aws_access_key_id=\"" + id + "\",\n    aws_secret_access_key=\"" + sec + "\",\n)\n", id, sec);
        id = awsId(); sec = awsSecret();
        plant(mainFiles, "aws-pair", "internal/storage/s3.go", "package storage\n\nfunc client() *s3.Client {\n\tcreds := credentials.NewStaticCredentialsProvider(\"" + id + "\", \"" + sec + "\", \"\")\n\treturn s3.New(s3.Options{Credentials: creds})\n}\n", id, sec);
        id = awsId();
        plant(historyFiles, "aws-id-only", ".github/workflows/release.yml", "jobs:\n  release:\n    env:\n      AWS_ACCESS_KEY_ID: " + id + "\n      AWS_DEFAULT_REGION: us-east-1\n", id);

        // ---- GitHub
        String t = "gh" + "p_" + s(AN, 36);
        plant(mainFiles, "github-ghp", "scripts/mirror.sh", "#!/bin/bash\nset -euo pipefail\ngit clone https://x-access-token:" + t + "@github.com/acme/infra.git /tmp/infra\n", t);
        t = "gh" + "o_" + s(AN, 36);
        plant(historyFiles, "github-gho", ".config/gh/hosts.yml", "github.com:\n    user: dana-dev\n    oauth_token: " + t + "\n    git_protocol: https\n", t);
        t = "gh" + "s_" + s(AN, 36);
        plant(mainFiles, "github-ghs", "tools/release/publish.py", "import requests\n\nHEADERS = {\"Authorization\": \"token " + t + "\"}\nrequests.post(URL, headers=HEADERS)\n", t);
        t = "github" + "_pat_" + s(AN, 22) + "_" + s(AN, 59);
        plant(branchFiles, "github-fine-grained", "Dockerfile", "FROM node:20-alpine\nENV GH_TOKEN=" + t + "\nRUN npm ci\n", t);
        t = "gh" + "p_" + s(AN, 36);
        plant(mainFiles, "github-ghp", "src/main/java/com/acme/GitHubClient.java", "package com.acme;\n\nclass GitHubClient {\n    private static final String TOKEN = \"" + t + "\";\n}\n", t);

        // ---- GitLab
        t = "gl" + "pat-" + s(URLS, 20);
        plant(mainFiles, "gitlab-pat", ".gitlab-ci.yml", "variables:\n  GITLAB_TOKEN: \"" + t + "\"\nstages: [build]\n", t);
        t = "gl" + "pat-" + s(URLS, 20);
        plant(historyFiles, "gitlab-pat", "cmd/sync/main.go", "package main\n\nconst gitlabToken = \"" + t + "\"\n\nfunc main() {}\n", t);

        // ---- Slack
        t = "xo" + "xb-" + s(DG, 12) + "-" + s(DG, 13) + "-" + s(AN, 24);
        plant(mainFiles, "slack-bot", "bots/notify.py", "from slack_sdk import WebClient\n\nclient = WebClient(token=\"" + t + "\")\n", t);
        t = "xo" + "xp-" + s(DG, 12) + "-" + s(DG, 12) + "-" + s(DG, 13) + "-" + s(HX, 32);
        plant(historyFiles, "slack-user", "bots/.env", "SLACK_USER_TOKEN=" + t + "\n", t);
        t = "xa" + "pp-1-A" + s(UP + DG, 10) + "-" + s(DG, 13) + "-" + s(HX, 64);
        plant(mainFiles, "slack-app", "bots/config.yaml", "slack:\n  app_token: " + t + "\n  socket_mode: true\n", t);
        t = "https://hooks." + "slack.com/services/T" + s(UP + DG, 8) + "/B" + s(UP + DG, 10) + "/" + s(AN, 24);
        plant(mainFiles, "slack-webhook", "web/src/alerts.js", "const WEBHOOK = '" + t + "';\nexport const notify = (m) => fetch(WEBHOOK, {method: 'POST', body: JSON.stringify({text: m})});\n", t.substring(t.indexOf("/T")));
        t = "https://hooks." + "slack.com/services/T" + s(UP + DG, 8) + "/B" + s(UP + DG, 10) + "/" + s(AN, 24);
        plant(branchFiles, "slack-webhook", "Jenkinsfile", "post {\n  failure {\n    sh \"curl -X POST -d '{\\\"text\\\":\\\"build failed\\\"}' " + t + "\"\n  }\n}\n", t.substring(t.indexOf("/T")));

        // ---- HubSpot
        t = "pat-" + "na1-" + uuid();
        plant(mainFiles, "hubspot", "web/src/crm.js", "const hubspot = new Client({ accessToken: '" + t + "' });\n", t);
        t = "pat-" + "eu1-" + uuid();
        plant(historyFiles, "hubspot", "src/main/resources/application.properties", "crm.hubspot.token=" + t + "\n", t);

        // ---- Stripe
        t = "sk_" + "live_" + s(AN, 99);
        plant(mainFiles, "stripe-sk", "web/server/payments.js", "const stripe = require('stripe')('" + t + "');\n", t);
        t = "rk_" + "live_" + s(AN, 24);
        plant(historyFiles, "stripe-rk", ".env.production", "STRIPE_RESTRICTED_KEY=" + t + "\n", t);
        t = "sk_" + "live_" + s(AN, 24);
        plant(mainFiles, "stripe-sk", "src/main/java/com/acme/Billing.java", "class Billing {\n    static { Stripe.apiKey = \"" + t + "\"; }\n}\n", t);

        // ---- Google
        t = "AI" + "za" + s(URLS, 35);
        plant(mainFiles, "google-api-key", "android/app/src/main/res/values/keys.xml", "<resources>\n    <string name=\"google_maps_key\">" + t + "</string>\n</resources>\n", t);
        String gkey = "AI" + "za" + s(URLS, 35);
        String pk = pem("PRIVATE KEY", 20);
        String pkLine = pk.split("\n")[3];
        String sa = "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod\",\n  \"private_key_id\": \"" + s(HX, 40) + "\",\n  \"private_key\": \""
                + pk.replace("\n", "\\n") + "\\n\",\n  \"client_email\": \"deploy@acme-prod.iam.gserviceaccount.com\",\n  \"client_id\": \"" + s(DG, 21) + "\"\n}\n";
        plant(historyFiles, "gcp-service-account", "deploy/gcp-sa.json", sa, pkLine);

        // ---- notebook
        String oa = "sk-" + "proj-" + s(URLS, 74) + "T3Blbk" + "FJ" + s(URLS, 74);
        String nb = "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 1,\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \"import openai\\n\",\n    \"openai.api_key = \\\"" + oa + "\\\"\\n\",\n    \"gmaps = googlemaps.Client(key=\\\"" + gkey + "\\\")\"\n   ]\n  }\n ],\n \"nbformat\": 4\n}\n";
        mainFiles.put("notebooks/explore.ipynb", nb);
        plants.add(new Plant("openai-proj(notebook)", "notebooks/explore.ipynb", List.of(oa)));
        plants.add(new Plant("google-api-key(notebook)", "notebooks/explore.ipynb", List.of(gkey)));

        // ---- SendGrid
        t = "SG" + "." + s(URLS, 22) + "." + s(URLS, 43);
        plant(mainFiles, "sendgrid", "app/mail.py", "import sendgrid\n\nsg = sendgrid.SendGridAPIClient(api_key='" + t + "')\n", t);
        t = "SG" + "." + s(URLS, 22) + "." + s(URLS, 43);
        String enc = b64(t);
        plant(mainFiles, "sendgrid(base64 k8s)", "k8s/mail-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mail\ntype: Opaque\ndata:\n  SENDGRID_API_KEY: " + enc + "\n", t, enc);

        // ---- Twilio (the account SID is reported as part of the credential pair, as UnseenCorpus counts it;
        // the blind run counted those two findings as false positives)
        String sid = "A" + "C" + s(HX, 32), tok = s(HX, 32);
        plant(mainFiles, "twilio-auth-token", "app/sms.py", "from twilio.rest import Client\n\naccount_sid = \"" + sid + "\"\nauth_token = \"" + tok + "\"\nclient = Client(account_sid, auth_token)\n", tok, sid);
        String sk = "S" + "K" + s(HX, 32), sks = s(AN, 32), sid2 = "A" + "C" + s(HX, 32);
        plant(historyFiles, "twilio-api-key", "web/server/voice.js", "const client = twilio('" + sk + "', '" + sks + "', { accountSid: '" + sid2 + "' });\n", sk, sks, sid2);

        // ---- npm / pypi
        t = "np" + "m_" + s(AN, 36);
        plant(mainFiles, "npm", ".npmrc", "//registry.npmjs.org/:_authToken=" + t + "\nalways-auth=true\n", t);
        t = "py" + "pi-AgEIcHlwaS5vcmc" + s(URLS, 70);
        plant(historyFiles, "pypi", ".pypirc", "[pypi]\nusername = __token__\npassword = " + t + "\n", t);

        // ---- OpenAI / Anthropic
        t = "sk-" + "proj-" + s(URLS, 48) + "T3Blbk" + "FJ" + s(URLS, 48);
        plant(mainFiles, "openai-proj", ".env", "OPENAI_API_KEY=" + t + "\n", t);
        t = "sk-" + "ant-api03-" + s(URLS, 93) + "AA";
        plant(mainFiles, "anthropic", "agents/summarize.py", "import anthropic\n\nclient = anthropic.Anthropic(api_key=\"" + t + "\")\n", t);
        t = "sk-" + "ant-api03-" + s(URLS, 93) + "AA";
        plant(historyFiles, "anthropic", "web/src/config.ts", "export const config = {\n  anthropicKey: \"" + t + "\",\n};\n", t);

        // ---- JWT
        t = jwt();
        plant(mainFiles, "jwt", "web/src/api.js", "fetch('/api/admin', { headers: { Authorization: 'Bearer " + t + "' } });\n", t);
        t = jwt();
        plant(branchFiles, "jwt", "postman/acme.postman_collection.json", "{\n  \"auth\": {\n    \"type\": \"bearer\",\n    \"bearer\": [{\"key\": \"token\", \"value\": \"" + t + "\", \"type\": \"string\"}]\n  }\n}\n", t);

        // ---- private keys
        String rsa = pem("RSA PRIVATE KEY", 25);
        plant(historyFiles, "pem-rsa", "deploy/id_rsa", rsa + "\n", rsa.split("\n")[5]);
        String oss = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n";
        StringBuilder ob = new StringBuilder(oss);
        for (int i = 0; i < 6; i++) ob.append(s(B64, 70)).append('\n');
        String osl = ob.toString().split("\n")[3];
        ob.append(s(B64, 20)).append("=\n-----END OPENSSH PRIVATE KEY-----");
        plant(mainFiles, "openssh-key", "ansible/group_vars/all.yml", "deploy_user: deploy\ndeploy_ssh_key: |\n  " + ob.toString().replace("\n", "\n  ") + "\n", osl);
        String ec = pem("EC PRIVATE KEY", 3);
        plant(mainFiles, "pem-ec", "src/test/resources/signing.pem", ec + "\n", ec.split("\n")[2]);

        // ---- DB URLs
        String pw = password();
        plant(mainFiles, "db-url-postgres", "src/main/resources/application.yml", "spring:\n  datasource:\n    url: postgresql://app:" + pw + "@db.internal.acme.io:5432/orders\n", pw);
        pw = s(AN, 16);
        plant(historyFiles, "db-url-mysql", ".env.local", "DATABASE_URL=mysql://root:" + pw + "@127.0.0.1:3306/shop\n", pw);
        pw = s(AN, 20);
        plant(mainFiles, "db-url-mongo", "web/server/db.js", "mongoose.connect('mongodb+srv://admin:" + pw + "@cluster0.ab1cd.mongodb.net/prod?retryWrites=true');\n", pw);
        pw = s(AN, 24);
        plant(mainFiles, "db-url-redis", "docker-compose.yml", "services:\n  worker:\n    image: acme/worker:1.4\n    environment:\n      REDIS_URL: redis://:" + pw + "@redis:6379/0\n", pw);
        pw = s(AN, 14);
        plant(branchFiles, "jdbc-password", "src/main/resources/db.properties", "jdbc.url=jdbc:postgresql://pg.prod:5432/ledger?user=ledger&password=" + pw + "\n", pw);
        String pwRaw = s(LO, 4) + "@" + s(AN, 6) + "!" + s(AN, 5) + "/" + s(DG, 3);
        String pwEnc = URLEncoder.encode(pwRaw, StandardCharsets.UTF_8);
        plant(mainFiles, "db-url(percent-encoded)", "config/database.yml", "production:\n  url: postgres://reporting:" + pwEnc + "@reports.db.acme.io:5432/reports\n", pwRaw, pwEnc);

        // ---- Azure
        String ak = Base64.getEncoder().encodeToString(bytes(64));
        plant(mainFiles, "azure-storage", "src/Api/appsettings.json", "{\n  \"ConnectionStrings\": {\n    \"Blob\": \"DefaultEndpointsProtocol=https;AccountName=acmeprodblob;AccountKey=" + ak + ";EndpointSuffix=core.windows.net\"\n  }\n}\n", ak);
        ak = Base64.getEncoder().encodeToString(bytes(64));
        plant(historyFiles, "azure-storage", "infra/azure.tf", "locals {\n  storage_conn = \"DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=" + ak + "\"\n}\n", ak);

        // ---- deploy hooks
        t = "https://api." + "vercel.com/v1/integrations/deploy/prj_" + s(AN, 28) + "/" + s(AN, 10);
        plant(mainFiles, "vercel-deploy-hook", ".github/workflows/deploy.yml", "jobs:\n  deploy:\n    steps:\n      - run: curl -X POST " + t + "\n", t.substring(t.indexOf("prj_")));
        t = "https://api." + "render.com/deploy/srv-" + s(LO + DG, 20) + "?key=" + s(AN, 11);
        plant(mainFiles, "render-deploy-hook", "scripts/deploy.sh", "#!/bin/sh\ncurl -fsS \"" + t + "\"\n", t.substring(t.indexOf("srv-")));
        t = "https://api." + "netlify.com/build_hooks/" + s(HX, 24);
        plant(historyFiles, "netlify-build-hook", "Makefile", "deploy:\n\tcurl -X POST -d {} " + t + "\n", t.substring(t.indexOf("build_hooks")));
        t = "https://discord." + "com/api/webhooks/" + s(DG, 18) + "/" + s(URLS, 68);
        plant(mainFiles, "discord-webhook", "bots/discord.py", "WEBHOOK_URL = \"" + t + "\"\n", t.substring(t.indexOf("webhooks/")));

        // ---- generic assignments
        pw = password();
        plant(mainFiles, "generic-password(properties)", "src/main/resources/application-prod.properties", "spring.datasource.username=orders\nspring.datasource.password=" + pw + "\n", pw);
        t = s(AN, 32);
        plant(mainFiles, "generic-api-key(python)", "app/settings.py", "DEBUG = False\nWEATHER_API_KEY = \"" + t + "\"\n", t);
        t = s(URLS, 40);
        plant(mainFiles, "generic-client-secret(yaml)", "config/oauth.yaml", "oauth:\n  client_id: acme-portal\n  client_secret: " + t + "\n", t);
        pw = password();
        plant(mainFiles, "generic-password(compose)", "docker-compose.yml", "  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: " + pw + "\n", pw);
        pw = password();
        plant(historyFiles, "generic-password(terraform)", "infra/rds.tf", "resource \"aws_db_instance\" \"main\" {\n  engine   = \"postgres\"\n  username = \"acme\"\n  password = \"" + pw + "\"\n}\n", pw);
        pw = password();
        plant(branchFiles, "generic-password(java)", "src/main/java/com/acme/LegacyDao.java", "class LegacyDao {\n    private String dbPassword = \"" + pw + "\";\n}\n", pw);
        t = s(HX, 40);
        plant(mainFiles, "generic-secret(go)", "internal/auth/hmac.go", "package auth\n\nvar signingSecret = []byte(\"" + t + "\")\n", t);
        t = s(AN, 30);
        plant(mainFiles, "generic-token(shell)", "scripts/backup.sh", "export DATADOG_API_KEY=\"" + s(HX, 32) + "\"\nexport BACKUP_TOKEN=\"" + t + "\"\n", t);
        plants.add(new Plant("datadog-api-key(shell)", "scripts/backup.sh", List.of(mainFiles.get("scripts/backup.sh").split("\"")[1])));

        // ---- encoded
        pw = password();
        enc = b64(pw);
        plant(mainFiles, "k8s-secret-base64-password", "k8s/db-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: " + b64("orders") + "\n  password: " + enc + "\n", pw, enc);
        t = "sk-" + "ant-api03-" + s(URLS, 93) + "AA";
        enc = b64("APP_ENV=production\nANTHROPIC_API_KEY=" + t + "\n");
        plant(historyFiles, "anthropic(base64 .env blob)", "k8s/agent-env.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: agent-env\ndata:\n  .env: " + enc + "\n", t, enc);
        t = "sk_" + "live_" + s(AN, 24);
        enc = URLEncoder.encode("{\"api_key\":\"" + t + "\"}", StandardCharsets.UTF_8);
        plant(mainFiles, "stripe(url-encoded)", "web/src/embed.js", "const src = 'https://widgets.acme.io/pay?config=" + enc + "';\n", t, enc);
        String user = "ci-bot", upw = password();
        enc = b64(user + ":" + upw);
        plant(mainFiles, "basic-auth(base64)", "scripts/fetch-artifacts.sh", "curl -H \"Authorization: Basic " + enc + "\" https://nexus.acme.io/repository/releases/app.jar -o app.jar\n", upw, enc);
        t = "gh" + "p_" + s(AN, 36);
        enc = b64("dana-dev:" + t);
        plant(branchFiles, "github(base64 docker config)", ".docker/config.json", "{\n  \"auths\": {\n    \"ghcr.io\": {\n      \"auth\": \"" + enc + "\"\n    }\n  }\n}\n", t, enc);
        t = "gl" + "pat-" + s(URLS, 20);
        enc = b64(t);
        plant(mainFiles, "gitlab(base64 env)", "helm/values-prod.yaml", "runner:\n  secrets:\n    GITLAB_TOKEN_B64: " + enc + "\n", t, enc);
    }

    void buildDecoys() {
        String exId = "AK" + "IAIOSFODNN7EXAMPLE", exSec = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";
        decoy("aws-docs-example", "docs/aws.md", "Configure the CLI:\n\n```\naws_access_key_id = " + exId + "\naws_secret_access_key = " + exSec + "\n```\n", exId, exSec);
        decoy("aws-docs-example(test)", "src/test/resources/aws-test.yml", "aws:\n  accessKeyId: " + exId + "\n  secretAccessKey: " + exSec + "\n", exId, exSec);
        decoy("env-placeholder", "src/main/resources/application.yml", "spring:\n  datasource:\n    password: ${DB_PASSWORD}\n    username: ${DB_USER:orders}\n", "DB_PASSWORD");
        decoy("angle-placeholder", "README.md", "# Acme\n\nexport GITHUB_TOKEN=<your-token>\nexport OPENAI_API_KEY=<your-openai-api-key>\n", "your-token", "your-openai");
        decoy("xxxx-placeholder", "docs/github.md", "Set `token: gh" + "p_" + "x".repeat(36) + "` in your config.\n", "xxxxxxxx");
        decoy("changeme", "docker-compose.example.yml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: changeme\n      ADMIN_PASSWORD: change-me\n", "changeme", "change-me");
        decoy("your-key-here", "config/settings.example.py", "API_KEY = \"your-api-key-here\"\nSECRET_KEY = \"replace-with-a-long-random-string\"\n", "your-api-key", "replace-with");
        decoy("env-lookup(py)", "app/ai.py", "import os\nOPENAI_API_KEY = os.environ[\"OPENAI_API_KEY\"]\nsecret_key = os.getenv(\"SECRET_KEY\", \"\")\n", "OPENAI_API_KEY", "SECRET_KEY");
        decoy("env-lookup(js)", "web/server/env.js", "const stripeKey = process.env.STRIPE_SECRET_KEY;\nconst githubToken = process.env.GITHUB_TOKEN || '';\n", "STRIPE_SECRET_KEY", "GITHUB_TOKEN");
        decoy("env-lookup(java)", "src/main/java/com/acme/Env.java", "class Env {\n    String awsSecret = System.getenv(\"AWS_SECRET_ACCESS_KEY\");\n    String password = System.getProperty(\"db.password\");\n}\n", "AWS_SECRET_ACCESS_KEY", "db.password");
        decoy("env-lookup(go)", "internal/config/env.go", "package config\n\nvar apiToken = os.Getenv(\"API_TOKEN\")\nvar dbPassword = os.Getenv(\"DB_PASSWORD\")\n", "API_TOKEN", "DB_PASSWORD");
        decoy("terraform-var", "infra/db.tf", "resource \"aws_db_instance\" \"replica\" {\n  password = var.db_password\n  kms_key_id = \"arn:aws:kms:us-east-1:123456789012:key/" + uuid() + "\"\n}\nvariable \"db_password\" {\n  sensitive = true\n}\n", "var.db_password", "kms");
        decoy("k8s-secretKeyRef", "k8s/deployment.yaml", "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n", "secretKeyRef");
        String sha = s(HX, 40);
        decoy("git-sha", "CHANGELOG.md", "## 1.4.0\n\n- fix token refresh (commit " + sha + ")\n- rotate secrets docs\n", sha);
        String sha2 = s(HX, 40);
        decoy("git-sha(actions pin)", ".github/workflows/ci.yml", "jobs:\n  build:\n    steps:\n      - uses: actions/checkout@" + sha2 + " # v4\n      - run: echo ${{ secrets.NPM_TOKEN }}\n        env:\n          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n", sha2, "secrets.");
        String dg = s(HX, 64);
        decoy("sha256-digest", "k8s/web.yaml", "containers:\n  - name: web\n    image: nginx@sha256:" + dg + "\n", dg);
        String dg2 = s(HX, 64);
        decoy("sha256sums", "dist/SHA256SUMS", dg2 + "  patrol-linux-amd64.tar.gz\n" + s(HX, 64) + "  patrol-darwin-arm64.tar.gz\n", dg2);
        String u1 = uuid(), u2 = uuid();
        decoy("uuid(azure ids)", "infra/azure-identity.yaml", "azure:\n  tenant_id: " + u1 + "\n  client_id: " + u2 + "\n  subscription_id: " + uuid() + "\n", u1, u2);
        String u3 = uuid();
        decoy("uuid(fixture)", "src/test/resources/orders.json", "[{\"id\": \"" + u3 + "\", \"request_id\": \"" + uuid() + "\", \"token_id\": \"" + uuid() + "\"}]\n", u3, "token_id");
        String integ = "sha512-" + Base64.getEncoder().encodeToString(bytes(64));
        decoy("npm-integrity", "package-lock.json", "{\n  \"packages\": {\n    \"node_modules/left-pad\": {\n      \"version\": \"1.3.0\",\n      \"resolved\": \"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz\",\n      \"integrity\": \"" + integ + "\"\n    }\n  }\n}\n", integ.substring(7));
        String yi = "sha512-" + Base64.getEncoder().encodeToString(bytes(64));
        decoy("yarn-integrity", "yarn.lock", "js-tokens@^4.0.0:\n  version \"4.0.0\"\n  resolved \"https://registry.yarnpkg.com/js-tokens/-/js-tokens-4.0.0.tgz#" + s(HX, 40) + "\"\n  integrity " + yi + "\n", yi.substring(7));
        String gs = Base64.getEncoder().encodeToString(bytes(32));
        decoy("go.sum", "go.sum", "github.com/aws/aws-sdk-go v1.44.0 h1:" + gs + "\ngithub.com/aws/aws-sdk-go v1.44.0/go.mod h1:" + Base64.getEncoder().encodeToString(bytes(32)) + "\n", gs);
        String cs = s(HX, 64);
        decoy("cargo-checksum", "Cargo.lock", "[[package]]\nname = \"secrecy\"\nversion = \"0.8.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"" + cs + "\"\n", cs);
        String img = "iVBORw0KGgoAAAANSUhEUgAA" + Base64.getEncoder().encodeToString(bytes(300));
        decoy("base64-image(css)", "web/src/styles.css", ".logo { background: url(data:image/png;base64," + img + "); }\n", img.substring(30, 60));
        String img2 = "iVBORw0KGgoAAAANSUhEUgAA" + Base64.getEncoder().encodeToString(bytes(600));
        decoy("base64-image(notebook output)", "notebooks/plot.ipynb", "{\n \"cells\": [{\"cell_type\": \"code\", \"source\": [\"plt.plot(x)\"], \"outputs\": [{\"data\": {\"image/png\": \"" + img2 + "\"}}]}]\n}\n", img2.substring(30, 60));
        decoy("fake-fixture", "tests/fixtures/fake_creds.py", "FAKE_API_KEY = \"fake-api-key\"\nFAKE_PASSWORD = \"fake-password-123\"\nDUMMY_TOKEN = \"dummy-token\"\n", "fake-", "dummy-token");
        decoy("dummy-java-test", "src/test/java/com/acme/LoginTest.java", "class LoginTest {\n    String password = \"test-password\";\n    String token = \"dummy\";\n}\n", "test-password", "dummy");
        StringBuilder min = new StringBuilder("!function(e,t){\"use strict\";");
        for (int i = 0; i < 40; i++) min.append("var ").append(s(LO, 1)).append(i).append("=\"").append(s(AN, 12 + rnd.nextInt(20))).append("\",");
        min.append("o={key:\"").append(s(AN, 32)).append("\",token:e.token||t.token,password:n.value};}(window,document);");
        decoy("minified-js", "web/dist/app.min.js", min.toString() + "\n", "use strict");
        decoy("sourcemap", "web/dist/app.min.js.map", "{\"version\":3,\"sources\":[\"src/auth.js\"],\"names\":[\"token\",\"password\"],\"mappings\":\"" + s(AN, 200) + ";" + s(AN, 150) + "\"}\n", "mappings");
        String pub = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + s(B64, 340) + " dana@laptop";
        decoy("ssh-public-key", "deploy/authorized_keys", pub + "\n", pub.substring(40, 80));
        String pgp = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBG" + s(B64, 58) + "\n" + s(B64, 64) + "\n" + s(B64, 64) + "\n=" + s(B64, 4) + "\n-----END PGP PUBLIC KEY BLOCK-----\n";
        decoy("pgp-public-key", "KEYS.asc", pgp, "PGP PUBLIC");
        String cert = pem("CERTIFICATE", 12);
        decoy("tls-certificate", "deploy/tls/server.crt", cert + "\n", cert.split("\n")[2]);
        String sops = "ENC[AES256_GCM,data:" + Base64.getEncoder().encodeToString(bytes(24)) + ",iv:" + Base64.getEncoder().encodeToString(bytes(32)) + ",tag:" + Base64.getEncoder().encodeToString(bytes(16)) + ",type:str]";
        decoy("sops-encrypted", "secrets/prod.enc.yaml", "db_password: " + sops + "\napi_key: " + sops.replace("data:", "data:A") + "\nsops:\n    version: 3.8.1\n", "ENC[AES256_GCM");
        StringBuilder vault = new StringBuilder("$ANSIBLE_VAULT;1.1;AES256\n");
        for (int i = 0; i < 5; i++) vault.append(s(DG + "abcdef", 80)).append('\n');
        decoy("ansible-vault", "ansible/group_vars/vault.yml", vault.toString(), "ANSIBLE_VAULT");
        String jwtio = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ" + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        decoy("jwt.io-example", "docs/auth.md", "Example token from jwt.io:\n\n    " + jwtio + "\n", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
        decoy("slack-doc-placeholder", "docs/slack.md", "SLACK_BOT_TOKEN=xo" + "xb-your-bot-token\nSLACK_WEBHOOK=https://hooks." + "slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX\n", "your-bot-token", "XXXXXXXXX");
        decoy("stripe-doc-placeholder", "docs/payments.md", "STRIPE_SECRET_KEY=sk_" + "live_" + "x".repeat(24) + "\n", "xxxxxxxxxx");
        decoy("db-url-env-placeholders", "config/database.example.yml", "url: postgres://${DB_USER}:${DB_PASS}@${DB_HOST}:5432/app\nlocal: postgres://user:password@localhost:5432/dev\n", "DB_PASS", "user:password");
        decoy("password-config-keys", "src/main/java/com/acme/Keys.java", "class Keys {\n    static final String PASSWORD_FIELD = \"password\";\n    static final String PASSWORD_KEY = \"app.db.password\";\n    static final int PASSWORD_MIN_LENGTH = 12;\n    static final String TOKEN_TYPE = \"Bearer\";\n}\n", "app.db.password", "Bearer");
        decoy("i18n", "web/src/i18n/en.json", "{\n  \"password.label\": \"Enter your password\",\n  \"token.expired\": \"Your session token has expired\",\n  \"apiKey.hint\": \"Find your API key in Settings\"\n}\n", "Enter your password", "Settings");
        decoy("spring-value", "src/main/java/com/acme/JwtConfig.java", "class JwtConfig {\n    @Value(\"${app.jwt.secret}\")\n    private String jwtSecret;\n}\n", "app.jwt.secret");
        decoy("html-password-input", "web/src/Login.jsx", "<input type=\"password\" name=\"password\" placeholder=\"Password\" autoComplete=\"current-password\" />\n", "current-password");
        String sri = "sha384-" + Base64.getEncoder().encodeToString(bytes(48));
        decoy("sri-integrity", "web/public/index.html", "<script src=\"https://cdn.example.com/lib.js\" integrity=\"" + sri + "\" crossorigin=\"anonymous\"></script>\n", sri.substring(7));
        String h1 = s(HX, 20);
        decoy("webpack-manifest", "web/dist/manifest.json", "{\"main.js\": \"/static/js/main." + h1 + ".js\", \"vendor.js\": \"/static/js/vendor." + s(HX, 20) + ".js\"}\n", h1);
        decoy("dockerfile-arg", "web/Dockerfile", "FROM node:20\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n", "${NPM_TOKEN}");
        decoy("env-example-empty", ".env.example", "STRIPE_SECRET_KEY=\nOPENAI_API_KEY=\nDATABASE_URL=postgres://localhost/dev\nAWS_SECRET_ACCESS_KEY=REPLACE_ME\nJWT_SECRET=TODO\n", "REPLACE_ME", "TODO");
        String cm = b64("log_level: info\nfeature_flags:\n  new_checkout: true\n");
        decoy("configmap-base64-nonsecret", "k8s/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\nbinaryData:\n  app.yaml: " + cm + "\n", cm);
        String oid = s(HX, 24);
        decoy("mongo-objectid", "src/test/resources/users.json", "[{\"_id\": {\"$oid\": \"" + oid + "\"}, \"name\": \"alice\", \"password_hash_id\": \"" + s(HX, 24) + "\"}]\n", oid);
        decoy("slack-ids", "bots/channels.yaml", "team_id: T0" + s(UP + DG, 8) + "\nchannels:\n  alerts: C0" + s(UP + DG, 8) + "\n  bot_user: U0" + s(UP + DG, 8) + "\n", "team_id");
        String caData = Base64.getEncoder().encodeToString(pem("CERTIFICATE", 10).getBytes(StandardCharsets.UTF_8));
        decoy("kubeconfig-ca-data", "deploy/kubeconfig", "clusters:\n- cluster:\n    certificate-authority-data: " + caData + "\n    server: https://k8s.acme.io\n  name: prod\nusers:\n- name: ci\n  user:\n    token: ${KUBE_TOKEN}\n", caData.substring(10, 50), "KUBE_TOKEN");
        String digest = s(HX, 40);
        decoy("hash-in-test", "tests/test_hashing.py", "def test_sha1():\n    assert hashlib.sha1(b\"secret\").hexdigest() == \"" + digest + "\"\n", digest);
        decoy("aws-arn", "infra/iam.tf", "resource \"aws_iam_role_policy_attachment\" \"deploy\" {\n  role       = \"arn:aws:iam::123456789012:role/deploy\"\n  policy_arn = \"arn:aws:iam::aws:policy/SecretsManagerReadWrite\"\n}\n", "arn:aws");
        String azurite = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq" + "/K1SZFPTOtr/KBHBeksoGMGw==";
        decoy("azurite-dev-key", "src/Api/appsettings.Development.json", "{\n  \"ConnectionStrings\": {\n    \"Blob\": \"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + azurite + ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;\"\n  }\n}\n", "devstoreaccount1");
        decoy("csrf-template", "web/templates/form.html", "<input type=\"hidden\" name=\"csrf_token\" value=\"{{ csrf_token() }}\"/>\n<meta name=\"api-key\" content=\"{{ config.API_KEY }}\">\n", "csrf_token", "config.API_KEY");
        decoy("password-policy", "config/security.yaml", "password:\n  min_length: 12\n  require_symbols: true\ntoken:\n  ttl_seconds: 3600\n  issuer: https://auth.acme.io\n", "min_length", "auth.acme.io");
        decoy("go-struct-tags", "internal/api/types.go", "package api\n\ntype Login struct {\n\tPassword string `json:\"password\"`\n\tAPIKey   string `json:\"api_key\" yaml:\"api_key\"`\n}\n", "json:");
        decoy("python-type-hints", "app/auth.py", "def login(username: str, password: str) -> str:\n    token = create_token(username)\n    return token\n\nsecret = get_secret(\"prod/db\")\n", "create_token", "get_secret");
        String buildId = s(HX, 32);
        decoy("build-id", "web/dist/build-info.json", "{\"buildId\": \"" + buildId + "\", \"commit\": \"" + s(HX, 40) + "\"}\n", buildId);
        decoy("terraform-random-password", "infra/secrets.tf", "resource \"random_password\" \"db\" {\n  length  = 32\n  special = true\n}\n\noutput \"db_password\" {\n  value     = random_password.db.result\n  sensitive = true\n}\n", "random_password");
        decoy("gradle-checksum", "gradle/verification-metadata.xml", "<component group=\"org.bouncycastle\" name=\"bcprov-jdk18on\" version=\"1.78\">\n   <artifact name=\"bcprov-jdk18on-1.78.jar\">\n      <sha256 value=\"" + s(HX, 64) + "\" origin=\"Generated by Gradle\"/>\n   </artifact>\n</component>\n", "Generated by Gradle");
        decoy("shell-read-password", "scripts/setup.sh", "read -s -p \"Password: \" DB_PASSWORD\nexport PGPASSWORD=\"$DB_PASSWORD\"\npsql -h localhost -U app\n", "$DB_PASSWORD");
        decoy("lorem-key-names", "web/src/constants.js", "export const STORAGE_KEYS = { accessToken: 'acme.accessToken', refreshToken: 'acme.refreshToken', apiKey: 'acme.apiKey' };\n", "acme.accessToken");
    }

    @Test
    void blindHoldoutRecallAndPrecision() throws Exception {
        buildPlants();
        buildDecoys();
        List<Finding> findings;
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("holdout3.git"))) {
            git.commit("main", "initial import", new LinkedHashMap<>(Map.of("README.md", "# Acme\n")));
            Map<String, String> decoysAndLive = new LinkedHashMap<>(mainFiles);
            git.commit("main", "add services", decoysAndLive);
            git.commit("main", "add ops config", new LinkedHashMap<>(historyFiles));
            Map<String, String> removal = new LinkedHashMap<>();
            for (String p : historyFiles.keySet()) removal.put(p, null);
            git.commit("main", "remove secrets from repo", removal);
            git.commit("feature/billing", "billing work", new LinkedHashMap<>(branchFiles));
            git.merge("main", "feature/billing", "Merge branch 'feature/billing'");
            Map<String, String> scrub = new LinkedHashMap<>();
            for (String p : branchFiles.keySet()) scrub.put(p, "# moved to vault\n");
            git.commit("main", "scrub billing secrets", scrub);
            git.deleteBranch("feature/billing");
            findings = new HistoryScanner(RuleSet.defaults()).scan(git.repository(), ScanRequest.full("holdout3"), ScanProgress.NONE).findings();
        }

        int found = 0;
        List<String> misses = new ArrayList<>();
        for (Plant p : plants) {
            if (findings.stream().anyMatch(f -> matches(f, p.needles()))) found++;
            else misses.add(p.kind() + " @ " + p.path());
        }
        int tp = 0;
        List<String> fps = new ArrayList<>();
        for (Finding f : findings) {
            if (plants.stream().anyMatch(p -> matches(f, p.needles()))) {
                tp++;
                continue;
            }
            String kind = decoys.stream().filter(d -> matches(f, d.needles()) || d.path().equals(f.first().path()))
                    .map(Decoy::kind).findFirst().orElse("unplanned");
            fps.add(kind + " @ " + f.first().path() + ":" + f.first().startLine() + " rule=" + f.ruleId() + " " + f.redacted());
        }
        double recall = (double) found / plants.size();
        double precision = findings.isEmpty() ? 1.0 : (double) tp / findings.size();
        System.out.printf("HOLDOUT3 planted %d, decoys %d, findings %d, recall %.3f, precision %.3f%n",
                plants.size(), decoys.size(), findings.size(), recall, precision);
        misses.forEach(m -> System.out.println("HOLDOUT3 MISS " + m));
        fps.forEach(m -> System.out.println("HOLDOUT3 FP   " + m));
        assertThat(recall).as("recall; misses " + misses).isGreaterThanOrEqualTo(0.95);
        assertThat(precision).as("precision; false positives " + fps).isGreaterThanOrEqualTo(0.90);
    }

    private static boolean matches(Finding f, List<String> needles) {
        for (String n : needles) {
            String sec = f.secret();
            if (sec.contains(n) || (sec.length() >= 12 && n.contains(sec))) return true;
            for (Occurrence o : f.occurrences()) if (o.match() != null && o.match().contains(n)) return true;
        }
        return false;
    }
}
