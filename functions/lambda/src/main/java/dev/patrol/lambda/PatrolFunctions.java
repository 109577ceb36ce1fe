package dev.patrol.lambda;

import java.io.InputStream;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;

/**
 * The Lambda artifact's Spring application: registers Patrol's functions by
 * name; {@code SPRING_CLOUD_FUNCTION_DEFINITION} picks one per Lambda function.
 *
 * <p>Why an initializer and not {@code @SpringBootApplication}: Spring Cloud
 * Function starts an initializer in its functional mode, with no component
 * scanning, no auto-configuration and no configuration-class parsing. That is
 * most of the second a default Spring start spends before the first event.
 * Registering all six functions costs next to nothing: each builds its
 * collaborators on first use.
 */
public class PatrolFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    /** The scheduled jobs; each is a function of its own name. */
    public static final java.util.List<String> JOBS = java.util.List.of("health", "backups", "secrets", "report");

    private static final ResolvableType TYPE = ResolvableType.forClassWithGenerics(Function.class,
            ResolvableType.forClassWithGenerics(Message.class, InputStream.class),
            ResolvableType.forClassWithGenerics(Message.class, byte[].class));

    @Override
    public void initialize(GenericApplicationContext context) {
        StartupTrims.apply(context);
        Container container = Container.fromEnvironment();
        for (String job : JOBS) register(context, new JobFunction(job, container));
        register(context, new PingFunction(container));
        register(context, new WorkerFunction(container));
    }

    private static void register(GenericApplicationContext context, LambdaFunction function) {
        context.registerBean(function.name(), FunctionRegistration.class,
                () -> new FunctionRegistration<>(function, function.name()).type(TYPE.getType()));
    }
}
