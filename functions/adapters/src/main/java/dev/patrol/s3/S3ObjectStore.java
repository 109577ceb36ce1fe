package dev.patrol.s3;

import dev.patrol.config.AwsConfig;
import dev.patrol.storage.BucketPosture;
import dev.patrol.storage.ObjectContent;
import dev.patrol.storage.ObjectInfo;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.ObjectStoreException;
import dev.patrol.storage.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * S3 as an {@link ObjectStore}: paginated ListObjectsV2, HEAD and GET with checksum
 * mode (so S3's additional checksums come back), ranged GET, uploads with a SHA-256
 * checksum computed by Patrol (a single PUT up to one part, multipart with per-part
 * SHA-256 beyond), and the bucket settings for the posture check ({@link S3Posture}).
 *
 * <p>Every object is streamed: a GET is consumed as it arrives, an upload holds one
 * part ({@link #DEFAULT_PART_SIZE}) at a time. The SDK retries throttling and 5xx with
 * backoff; what still fails becomes an {@link ObjectStoreException} ({@link S3Errors}).
 */
public final class S3ObjectStore implements ObjectStore {
    /** 16 MB parts: 1 GB is 64 parts, the 10,000-part limit allows 156 GB. */
    public static final int DEFAULT_PART_SIZE = 16 << 20;

    private final java.util.function.Supplier<S3Client> client;
    private S3Client s3Client;
    private final int partSize;
    private final int pageSize;

    public S3ObjectStore(S3Client s3) {
        this(() -> s3);
    }

    /**
     * A store whose client is made when an object is first asked for: a client that cannot be made
     * (no region, say) is then the error of the check that needed S3, and every other check still runs.
     */
    public S3ObjectStore(java.util.function.Supplier<S3Client> client) {
        this(client, DEFAULT_PART_SIZE, 1000);
    }

    /** {@code partSize}: bytes per multipart part (5 MB or more); {@code pageSize}: keys per listing page (S3's maximum is 1000). */
    public S3ObjectStore(S3Client s3, int partSize, int pageSize) {
        this(() -> s3, partSize, pageSize);
    }

    private S3ObjectStore(java.util.function.Supplier<S3Client> client, int partSize, int pageSize) {
        if (partSize < 5 << 20) throw new IllegalArgumentException("S3 parts are at least 5 MB");
        this.client = client;
        this.partSize = partSize;
        this.pageSize = pageSize;
    }

    private synchronized S3Client s3() {
        if (s3Client == null) s3Client = client.get();
        return s3Client;
    }

    /** A store for {@code patrol.yml}'s {@code aws:} section, with the default credential chain. */
    public static S3ObjectStore create(AwsConfig aws) {
        return new S3ObjectStore(client(aws, DefaultCredentialsProvider.builder().build(), 5, null));
    }

    /**
     * An S3 client as Patrol uses it: the url-connection HTTP client (fast start, no
     * Netty), path-style addressing when an endpoint is set (local servers have no
     * per-bucket DNS), {@code maxAttempts} tries with backoff (null: the SDK's
     * exponential backoff), and checksums handled by Patrol rather than twice by the SDK.
     */
    public static S3Client client(AwsConfig aws, AwsCredentialsProvider credentials, int maxAttempts, BackoffStrategy backoff) {
        var retry = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts);
        if (backoff != null) retry = retry.backoffStrategy(backoff).throttlingBackoffStrategy(backoff);
        var strategy = retry.build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .credentialsProvider(credentials)
                .region(Region.of(aws == null || aws.region() == null ? "us-east-1" : aws.region()))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(strategy));
        if (aws != null && aws.endpoint() != null && !aws.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(aws.endpoint())).forcePathStyle(true);
        }
        return builder.build();
    }

    @Override
    public boolean handles(String location) {
        return location != null && location.startsWith(S3Location.SCHEME);
    }

    @Override
    public Optional<ObjectInfo> stat(String location) throws IOException {
        S3Location at = S3Location.parse(location);
        try {
            HeadObjectResponse head = s3().headObject(b -> b.bucket(at.bucket()).key(at.key()).checksumMode(ChecksumMode.ENABLED));
            Map<String, String> sums = checksums(head.checksumSHA256(), head.checksumSHA1(), head.checksumCRC32(),
                    head.checksumCRC32C(), head.checksumCRC64NVME());
            return Optional.of(new ObjectInfo(location, head.contentLength() == null ? -1 : head.contentLength(), head.lastModified(), head.eTag(), sums,
                    partSize(at, head.partsCount(), sums), head.storageClassAsString(), head.restore()));
        } catch (SdkException e) {
            ObjectStoreException translated = S3Errors.translate(e, "GetObject", location);
            if (translated instanceof dev.patrol.storage.NoSuchObjectException) return Optional.empty();
            throw translated;
        }
    }

    @Override
    public ObjectContent open(String location) throws IOException {
        return get(location, null);
    }

    @Override
    public ObjectContent open(String location, long offset, long length) throws IOException {
        if (length <= 0) throw new IllegalArgumentException("length must be positive");
        return get(location, "bytes=" + offset + "-" + (offset + length - 1));
    }

    private ObjectContent get(String location, String range) throws IOException {
        S3Location at = S3Location.parse(location);
        try {
            ResponseInputStream<GetObjectResponse> in = s3().getObject(b -> b.bucket(at.bucket()).key(at.key()).range(range)
                    .checksumMode(range == null ? ChecksumMode.ENABLED : null));
            GetObjectResponse r = in.response();
            Map<String, String> sums = range != null ? Map.of() : checksums(r.checksumSHA256(), r.checksumSHA1(),
                    r.checksumCRC32(), r.checksumCRC32C(), r.checksumCRC64NVME());
            long size = range == null ? (r.contentLength() == null ? -1 : r.contentLength()) : totalSize(r.contentRange(), r.contentLength());
            return new ObjectContent(new ObjectInfo(location, size, r.lastModified(), r.eTag(), sums,
                    range == null ? partSize(at, r.partsCount(), sums) : 0), new ChecksumChecked(in, location));
        } catch (SdkException e) {
            throw S3Errors.translate(e, "GetObject", location);
        }
    }

    /**
     * The SDK compares a whole object's bytes with the checksum S3 keeps for it, and says so
     * at the end of the stream in its own words; this says it in Patrol's, naming the object.
     */
    private static final class ChecksumChecked extends java.io.FilterInputStream {
        private final String location;

        ChecksumChecked(InputStream in, String location) {
            super(in);
            this.location = location;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (SdkException e) {
                throw translate(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SdkException e) {
                throw translate(e);
            }
        }

        private IOException translate(SdkException e) throws SdkException {
            if (!String.valueOf(e.getMessage()).startsWith("Data read has a different checksum")) throw e;
            return new ObjectStoreException(ObjectStoreException.Reason.UNAVAILABLE, "the bytes S3 sent for " + location
                    + " do not match the checksum S3 keeps for it: spoiled on the way or in the bucket; Patrol reads it again on the next run,"
                    + " and if it stays so, restore from another backup", e);
        }
    }

    /** "bytes 0-99/1234" gives 1234. */
    private static long totalSize(String contentRange, Long length) {
        if (contentRange != null && contentRange.contains("/")) {
            try {
                return Long.parseLong(contentRange.substring(contentRange.indexOf('/') + 1));
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return length == null ? -1 : length;
    }

    /**
     * The part length of a multipart object with a composite checksum ("...-N"), from
     * GetObjectAttributes: S3 tools (Patrol, the AWS CLI, the SDKs) cut every part but
     * the last to the same length. Whole-object checksums need no part size.
     */
    private long partSize(S3Location at, Integer partsCount, Map<String, String> sums) {
        int parts = sums.values().stream().filter(v -> v.matches(".*-\\d+$"))
                .mapToInt(v -> Integer.parseInt(v.substring(v.lastIndexOf('-') + 1))).findFirst().orElse(0);
        if (parts <= 1 && (partsCount == null || partsCount <= 1)) return 0;
        try {
            var attributes = s3().getObjectAttributes(b -> b.bucket(at.bucket()).key(at.key()).maxParts(1)
                    .objectAttributes(ObjectAttributes.OBJECT_PARTS));
            var list = attributes.objectParts() == null ? null : attributes.objectParts().parts();
            return list == null || list.isEmpty() || list.get(0).size() == null ? 0 : list.get(0).size();
        } catch (SdkException e) {
            return 0; // the composite is then skipped, and says so
        }
    }

    private static Map<String, String> checksums(String sha256, String sha1, String crc32, String crc32c, String crc64) {
        Map<String, String> m = new LinkedHashMap<>();
        if (sha256 != null) m.put("SHA256", sha256);
        if (sha1 != null) m.put("SHA1", sha1);
        if (crc32 != null) m.put("CRC32", crc32);
        if (crc32c != null) m.put("CRC32C", crc32c);
        if (crc64 != null) m.put("CRC64NVME", crc64);
        return m;
    }

    @Override
    public void requestRestore(String location, int days) throws IOException {
        S3Location at = S3Location.parse(location);
        try {
            s3().restoreObject(b -> b.bucket(at.bucket()).key(at.key())
                    .restoreRequest(r -> r.days(days).glacierJobParameters(g -> g.tier(software.amazon.awssdk.services.s3.model.Tier.STANDARD))));
        } catch (SdkException e) {
            throw S3Errors.translate(e, "RestoreObject", location);
        }
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        S3Location at = S3Location.parse(prefix);
        Iterator<ObjectInfo> pages = new Iterator<>() {
            private Iterator<S3Object> page = List.<S3Object>of().iterator();
            private String token;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && more) fetch();
                return page.hasNext();
            }

            private void fetch() {
                try {
                    ListObjectsV2Response r = s3().listObjectsV2(b -> b.bucket(at.bucket()).prefix(at.key()).maxKeys(pageSize).continuationToken(token));
                    page = r.contents().iterator();
                    token = r.nextContinuationToken();
                    more = Boolean.TRUE.equals(r.isTruncated()) && token != null;
                } catch (SdkException e) {
                    throw new UncheckedIOException(S3Errors.translate(e, "ListBucket", prefix));
                }
            }

            @Override
            public ObjectInfo next() {
                if (!hasNext()) throw new NoSuchElementException();
                S3Object o = page.next();
                return new ObjectInfo(at.location(o.key()), o.size(), o.lastModified(), o.eTag(), Map.of(), 0, o.storageClassAsString(), null);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public PutResult put(String location, InputStream content, long size) throws IOException {
        return put(location, content, size, null);
    }

    /**
     * With a {@code contentType} (reports people open in a browser) the object also asks for
     * server-side encryption (SSE-S3) explicitly, whatever the bucket's default.
     */
    @Override
    public PutResult put(String location, InputStream content, long size, String contentType) throws IOException {
        S3Location at = S3Location.parse(location);
        ServerSideEncryption sse = contentType == null ? null : ServerSideEncryption.AES256;
        MessageDigest whole = sha256();
        byte[] first = content.readNBytes(partSize);
        whole.update(first);
        if (first.length < partSize || size == first.length) {
            // One part's worth or less: a single PUT carrying its SHA-256.
            try {
                // The value alone: with x-amz-sdk-checksum-algorithm too, some servers expect a trailer and drop it.
                s3().putObject(b -> b.bucket(at.bucket()).key(at.key()).checksumSHA256(base64(first, 0, first.length))
                                .contentType(contentType).serverSideEncryption(sse), RequestBody.fromBytes(first));
            } catch (SdkException e) {
                throw S3Errors.translate(e, "PutObject", location);
            }
            return new PutResult(location, first.length, HexFormat.of().formatHex(whole.digest()));
        }
        return multipart(at, location, content, first, whole, contentType, sse);
    }

    private PutResult multipart(S3Location at, String location, InputStream content, byte[] first, MessageDigest whole,
                                String contentType, ServerSideEncryption sse) throws IOException {
        String uploadId;
        try {
            uploadId = s3().createMultipartUpload(b -> b.bucket(at.bucket()).key(at.key())
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256).contentType(contentType).serverSideEncryption(sse)).uploadId();
        } catch (SdkException e) {
            throw S3Errors.translate(e, "PutObject", location);
        }
        List<CompletedPart> parts = new ArrayList<>();
        long total = 0;
        try {
            byte[] part = first;
            int n = first.length;
            while (n > 0) {
                int number = parts.size() + 1;
                String sum = base64(part, 0, n);
                // fromByteBuffer copies the bytes, so the one part buffer is reused for the next part.
                RequestBody body = RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(part, 0, n));
                String etag = s3().uploadPart(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId).partNumber(number)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(sum), body).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).checksumSHA256(sum).build());
                total += n;
                n = content.readNBytes(part, 0, partSize);
                whole.update(part, 0, n);
            }
            s3().completeMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return new PutResult(location, total, HexFormat.of().formatHex(whole.digest()));
        } catch (IOException | RuntimeException e) {
            try {
                s3().abortMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the bucket's lifecycle rule for incomplete uploads cleans up what this cannot
            }
            if (e instanceof SdkException sdk) throw S3Errors.translate(sdk, "PutObject", location);
            if (e instanceof IOException io) throw io;
            throw (RuntimeException) e;
        }
    }

    /** A presigned GET (SigV4, so at most 7 days), signed here with the client's own credentials: no request is sent. */
    @Override
    public Optional<String> link(String location, Duration validFor) throws IOException {
        S3Location at = S3Location.parse(location);
        S3Client s3 = s3();
        var client = s3.serviceClientConfiguration();
        S3Presigner.Builder builder = S3Presigner.builder().s3Client(s3).region(client.region())
                .credentialsProvider(client.credentialsProvider());
        client.endpointOverride().ifPresent(builder::endpointOverride);
        try (S3Presigner presigner = builder.build()) {
            return Optional.of(presigner.presignGetObject(b -> b.signatureDuration(validFor)
                    .getObjectRequest(g -> g.bucket(at.bucket()).key(at.key()))).url().toString());
        } catch (SdkException e) {
            throw S3Errors.translate(e, "presign GetObject", location);
        }
    }

    @Override
    public void delete(String location) throws IOException {
        S3Location at = S3Location.parse(location);
        try {
            s3().deleteObject(b -> b.bucket(at.bucket()).key(at.key()));
        } catch (SdkException e) {
            ObjectStoreException translated = S3Errors.translate(e, "DeleteObject", location);
            if (!(translated instanceof dev.patrol.storage.NoSuchObjectException)) throw translated;
        }
    }

    @Override
    public Optional<BucketPosture> posture(String location) {
        return Optional.of(new S3Posture(s3()).of(S3Location.parse(location).bucket()));
    }

    private static String base64(byte[] b, int off, int len) {
        MessageDigest d = sha256();
        d.update(b, off, len);
        return Base64.getEncoder().encodeToString(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
