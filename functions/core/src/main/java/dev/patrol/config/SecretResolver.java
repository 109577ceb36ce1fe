package dev.patrol.config;

/**
 * Turns a {@link SecretValue} into its value: environment variables in core,
 * Secrets Manager and SSM Parameter Store in the adapters. Implementations throw
 * {@link SecretResolutionException} with a message that names the reference but
 * never the value.
 */
public interface SecretResolver {
    String resolve(SecretValue value);
}
