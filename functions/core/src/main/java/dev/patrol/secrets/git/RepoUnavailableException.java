package dev.patrol.secrets.git;

/** A repository cannot be opened or fetched. The message names the repository, never a token. */
public class RepoUnavailableException extends RuntimeException {
    public RepoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
