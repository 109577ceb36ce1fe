package dev.patrol.s3;

/** {@code s3://bucket/key}: a bucket and a key (or key prefix, possibly empty). */
record S3Location(String bucket, String key) {
    static final String SCHEME = "s3://";

    static S3Location parse(String location) {
        if (location == null || !location.startsWith(SCHEME)) {
            throw new IllegalArgumentException(location + " is not an s3:// location");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) throw new IllegalArgumentException(location + " names no bucket (s3://bucket/prefix/)");
        return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    String location(String otherKey) {
        return SCHEME + bucket + "/" + otherKey;
    }

    @Override
    public String toString() {
        return location(key);
    }
}
