package dev.patrol.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.storage.BucketPosture;
import dev.patrol.storage.ObjectInfo;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.ObjectStoreContract;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;

/** The object store contract, and what only S3 has (checksums, multipart, posture), against S3Mock on loopback. */
class S3ObjectStoreTest extends ObjectStoreContract {
    static final String BUCKET = "patrol-store-test";
    static S3Client s3;
    static S3ObjectStore store;
    private final AtomicInteger n = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void server() {
        s3 = S3MockServer.client();
        S3MockServer.bucket(s3, BUCKET);
        store = new S3ObjectStore(s3, 5 << 20, 7); // 7 keys a page: listings cross pages
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected String freshLocation() {
        return "s3://" + BUCKET + "/" + run + "-" + n.incrementAndGet() + "/";
    }

    @Test
    void putStoresASha256ThatStatReturns() throws Exception {
        String where = freshLocation() + "one.bin";
        byte[] content = bytes(1000);
        store.put(where, new ByteArrayInputStream(content), content.length);
        ObjectInfo info = store.stat(where).orElseThrow();
        assertThat(info.checksums()).containsKey("SHA256");
        assertThat(info.checksums().get("SHA256")).doesNotContain("-");
        assertThat(info.partSize()).isZero();
    }

    @Test
    void aReportIsStoredWithItsContentTypeEncryptedAndOpensFromItsPresignedLink() throws Exception {
        String where = freshLocation() + "2026/11/30/report.html";
        byte[] html = "<!DOCTYPE html><title>report</title>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        store.put(where, new ByteArrayInputStream(html), html.length, "text/html; charset=utf-8");
        var head = s3.headObject(b -> b.bucket(BUCKET).key(where.substring(("s3://" + BUCKET + "/").length())));
        assertThat(head.contentType().replace(" ", "")).isEqualTo("text/html;charset=utf-8"); // S3Mock drops the space
        assertThat(head.serverSideEncryption()).isEqualTo(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256);

        String link = store.link(where, java.time.Duration.ofDays(7)).orElseThrow();
        assertThat(link).contains("X-Amz-Expires=604800").contains("X-Amz-Signature=").contains("report.html");
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(html);
    }

    @Test
    void largePutsAreMultipartWithACompositeChecksumAndKnownPartSize() throws Exception {
        String where = freshLocation() + "big.bin";
        byte[] content = bytes(12 << 20);
        var put = store.put(where, new ByteArrayInputStream(content), -1);
        assertThat(put.size()).isEqualTo(content.length);
        ObjectInfo info = store.stat(where).orElseThrow();
        assertThat(info.checksums().get("SHA256")).endsWith("-3");
        assertThat(info.partSize()).isEqualTo(5 << 20);
        try (var in = store.open(where)) {
            assertThat(in.info().checksums().get("SHA256")).endsWith("-3");
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void postureReadsVersioningAndLifecycleExpiry() {
        String bucket = "patrol-posture-" + run;
        S3MockServer.bucket(s3, bucket);
        BucketPosture before = store.posture("s3://" + bucket + "/x/").orElseThrow();
        assertThat(before.versioningEnabled()).isFalse();
        assertThat(before.expiryRules()).isEmpty();

        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(l -> l.rules(r -> r.id("expire-backups")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix("pipeline/")).expiration(e -> e.days(30)))));
        BucketPosture after = store.posture("s3://" + bucket + "/pipeline/").orElseThrow();
        assertThat(after.versioningEnabled()).isTrue();
        assertThat(after.expiryRules()).containsExactly(new BucketPosture.ExpiryRule("expire-backups", "pipeline/", Duration.ofDays(30)));
    }

    @Test
    void aMissingBucketSaysSo() {
        var e = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (var s = store.list("s3://no-such-bucket-" + run + "/x/")) {
                s.count();
            }
        });
        assertThat(e).hasRootCauseInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchBucketException.class);
        assertThat(e.getCause()).hasMessageContaining("does not exist");
    }
}
