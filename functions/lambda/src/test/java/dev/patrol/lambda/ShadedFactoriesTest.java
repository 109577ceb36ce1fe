package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The artifact's own spring.factories (src/shade) names only classes that exist, and what FunctionInvoker needs. */
class ShadedFactoriesTest {

    @Test
    void everyClassNamedInTheArtifactsSpringFactoriesExists() throws Exception {
        Properties factories = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/shade/spring.factories"))) {
            factories.load(in);
        }
        assertThat(factories.getProperty("org.springframework.context.ApplicationContextInitializer"))
                .contains("org.springframework.cloud.function.context.config.ContextFunctionCatalogInitializer");
        assertThat(factories.getProperty("org.springframework.boot.SpringApplicationRunListener")).isNotBlank();
        for (String key : factories.stringPropertyNames()) {
            Class.forName(key, false, getClass().getClassLoader());
            for (String name : factories.getProperty(key).split(",")) {
                assertThat(Class.forName(name.trim(), false, getClass().getClassLoader())).as(key).isNotNull();
            }
        }
    }
}
