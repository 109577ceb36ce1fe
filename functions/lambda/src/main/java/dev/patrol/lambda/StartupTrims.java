package dev.patrol.lambda;

import java.util.Locale;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.cloud.function.json.JacksonMapper;
import org.springframework.cloud.function.json.JsonMapper;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;

/**
 * Two things a Spring start does that Patrol's functions never use, found by
 * reading the class-load log of a cold start (each cost 60-120 ms):
 * <ul>
 *   <li>the default message source, whose {@code MessageFormat} loads the JDK's
 *       locale providers: the functions have no messages to translate;</li>
 *   <li>Spring Cloud Function's JSON mapper, which registers Joda-Time support
 *       and is then rebuilt by FunctionInvoker for case-insensitive properties:
 *       Patrol's functions take and give bytes, so one plain mapper, built once
 *       with that setting, does.</li>
 * </ul>
 */
final class StartupTrims {

    private StartupTrims() {
    }

    static void apply(GenericApplicationContext context) {
        context.registerBean(AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME, MessageSource.class, NoMessages::new);
        context.addBeanFactoryPostProcessor(new PlainJsonMapper());
    }

    /** Runs after Spring Cloud Function registered its mapper, and puts a plain one in its place. */
    static final class PlainJsonMapper implements BeanDefinitionRegistryPostProcessor {
        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            // Spring Cloud Function registers its mapper in this phase; replaced in the next one.
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
            for (String name : beanFactory.getBeanNamesForType(JsonMapper.class, true, false)) {
                registry.removeBeanDefinition(name);
            }
            registry.registerBeanDefinition(JsonMapper.class.getName(), new RootBeanDefinition(JsonMapper.class, () ->
                    new JacksonMapper(tools.jackson.databind.json.JsonMapper.builder()
                            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                            .build())));
        }
    }

    /** A message source with no messages: default texts are used as they are. */
    static final class NoMessages implements MessageSource {
        @Override
        public String getMessage(String code, Object[] args, String defaultMessage, Locale locale) {
            return defaultMessage;
        }

        @Override
        public String getMessage(String code, Object[] args, Locale locale) {
            throw new NoSuchMessageException(code, locale);
        }

        @Override
        public String getMessage(MessageSourceResolvable resolvable, Locale locale) {
            if (resolvable.getDefaultMessage() != null) return resolvable.getDefaultMessage();
            String[] codes = resolvable.getCodes();
            throw new NoSuchMessageException(codes == null || codes.length == 0 ? "" : codes[0], locale);
        }
    }
}
