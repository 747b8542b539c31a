package net.stackspin.admin.system;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image starts the AOT-processed application ({@code -Dspring.aot.enabled=true}),
 * whose beans were decided when it was built: a bean that exists only for some
 * configuration ({@code @ConditionalOnProperty}, {@code @Profile}) would be there, or
 * not, whatever an operator sets at run time. The panel's own code has none; a feature
 * switch is read at run time instead (as {@code SelfServiceController} does). See
 * docs/architecture.md, "Start-up".
 */
class AotConditionsTests {

	static final List<Class<? extends Annotation>> BUILD_TIME_CONDITIONS = List.of(ConditionalOnProperty.class,
			ConditionalOnBooleanProperty.class, Profile.class,
			// any condition at all, the panel's own ones included
			Conditional.class);

	@Test
	void noBeanOfThePanelDependsOnConfiguration() throws IOException {
		List<String> found = new ArrayList<>();
		MetadataReaderFactory readers = new CachingMetadataReaderFactory();
		Resource[] classes = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:net/stackspin/admin/**/*.class");
		int mainClasses = 0;
		for (Resource resource : classes) {
			if (resource.getURL().toString().contains("/test-classes/")) {
				continue;
			}
			mainClasses++;
			AnnotationMetadata metadata = readers.getMetadataReader(resource).getAnnotationMetadata();
			for (Class<? extends Annotation> condition : BUILD_TIME_CONDITIONS) {
				if (metadata.isAnnotated(condition.getName()) || metadata.hasAnnotatedMethods(condition.getName())) {
					found.add(metadata.getClassName() + " uses @" + condition.getSimpleName());
				}
			}
		}
		assertThat(mainClasses).as("the panel's classes were found").isGreaterThan(50);
		assertThat(found).as("beans fixed by Spring AOT at build time, read the setting at run time instead").isEmpty();
	}

}
