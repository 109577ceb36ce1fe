package dev.patrol.lambda.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J backend for the Lambda artifact: one JSON object per line on stdout,
 * which CloudWatch Logs Insights indexes field by field. Spring (through
 * commons-logging), the AWS SDK and Patrol's own code all log through it.
 *
 * <p>Why not Logback: its configuration alone costs about 150 ms of cold start,
 * and Lambda needs nothing from it but lines on stdout.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final JsonLoggerFactory loggers = new JsonLoggerFactory(System.out, JsonLoggerFactory.levelsFromEnvironment());

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: lines go straight to stdout
    }
}
