package dev.patrol.report.scorecard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A container build (Dockerfile) and infrastructure as code (Terraform, CloudFormation/SAM, CDK, Pulumi, Helm, Kubernetes): 5 each. */
public final class ContainerAndIac implements Check {
    private static final java.util.regex.Pattern KUBERNETES =
            java.util.regex.Pattern.compile("(?s).*\\bapiVersion:.*\\bkind:\\s*(Deployment|Service|StatefulSet|CronJob).*");

    public String id() {
        return "container-iac";
    }

    public Category category() {
        return Category.DEPLOYMENT;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        List<String> docker = repo.named(n -> n.equals("dockerfile") || n.endsWith(".dockerfile") || n.startsWith("dockerfile.")
                || n.equals("containerfile"));
        List<String> iac = new ArrayList<>(repo.paths(p -> {
            String l = p.toLowerCase(Locale.ROOT);
            String n = RepoContent.fileName(l);
            return l.endsWith(".tf") || l.endsWith(".tofu") || n.equals("cdk.json") || n.equals("pulumi.yaml") || n.equals("chart.yaml")
                    || n.equals("serverless.yml") || n.equals("samconfig.toml") || n.equals("kustomization.yaml") || l.endsWith(".bicep");
        }));
        for (String p : repo.paths(p -> p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".json"))) {
            if (iac.size() >= 5 || iac.contains(p)) continue;
            String t = repo.text(p).map(s -> s.length() > 4000 ? s.substring(0, 4000) : s).orElse("");
            if (t.contains("AWSTemplateFormatVersion") || t.contains("AWS::Serverless") || KUBERNETES.matcher(t).matches()) iac.add(p);
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(docker.isEmpty() ? "no Dockerfile" : "container build: " + String.join(", ", docker.stream().limit(3).toList()));
        evidence.add(iac.isEmpty() ? "no infrastructure as code" : "infrastructure as code: " + String.join(", ", iac.stream().limit(5).toList()));
        return Score.of((docker.isEmpty() ? 0 : 5) + (iac.isEmpty() ? 0 : 5), evidence);
    }
}
