package net.stackspin.admin.system;

import java.util.Map;
import java.util.stream.Stream;

import net.stackspin.admin.audit.AuditStoreProperties;
import net.stackspin.admin.auth.AuthProperties;
import net.stackspin.admin.identities.ImportProperties;
import net.stackspin.admin.kratos.KratosProperties;
import net.stackspin.admin.onboarding.OnboardingProperties;
import net.stackspin.admin.selfservice.SelfServiceProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The settings' limits, checked by the property records themselves (no Bean Validation
 * provider in the panel): bound the way Spring Boot binds them at start-up, a wrong value
 * stops the start with a message naming the property; the defaults and the limits
 * themselves are accepted.
 */
class SettingChecksTests {

	static Stream<Arguments> wrongSettings() {
		return Stream.of(
				Arguments.of(ImportProperties.class, "stackspin.import.batch-size", "0",
						"stackspin.import.batch-size must be between 1 and 1000, but was 0"),
				Arguments.of(ImportProperties.class, "stackspin.import.batch-size", "1001",
						"stackspin.import.batch-size must be between 1 and 1000, but was 1001"),
				Arguments.of(ImportProperties.class, "stackspin.import.max-rows", "0",
						"stackspin.import.max-rows must be at least 1, but was 0"),
				Arguments.of(ImportProperties.class, "stackspin.import.lookup-parallelism", "65",
						"stackspin.import.lookup-parallelism must be between 1 and 64"),
				Arguments.of(ImportProperties.class, "stackspin.import.invitations-per-second", "0",
						"stackspin.import.invitations-per-second must be between 1 and 100"),
				Arguments.of(ImportProperties.class, "stackspin.import.parallel-batches", "9",
						"stackspin.import.parallel-batches must be between 1 and 8"),
				Arguments.of(KratosProperties.class, "stackspin.kratos.public-url", "ftp://kratos",
						"stackspin.kratos.public-url must be an absolute http(s) URL"),
				Arguments.of(SelfServiceProperties.class, "stackspin.self-service.kratos-browser-url", "kratos:4433",
						"stackspin.self-service.kratos-browser-url must be an absolute http(s) URL"),
				Arguments.of(KratosProperties.class, "stackspin.kratos.read-timeout", "0s",
						"stackspin.kratos.read-timeout must be positive"),
				Arguments.of(AuthProperties.class, "stackspin.security.cookie-name", " ",
						"stackspin.security.cookie-name must not be blank"),
				Arguments.of(AuthProperties.class, "stackspin.security.session-cache-size", "0",
						"stackspin.security.session-cache-size must be at least 1"),
				Arguments.of(AuthProperties.class, "stackspin.security.sign-in-failures-per-email", "0",
						"stackspin.security.sign-in-failures-per-email must be at least 1"),
				Arguments.of(AuthProperties.class, "stackspin.security.sign-in-failures-per-client", "-1",
						"stackspin.security.sign-in-failures-per-client must be at least 1"),
				Arguments.of(AuthProperties.class, "stackspin.security.session-check-interval", "31s",
						"stackspin.security.session-check-interval must be between 0 and 30s"),
				Arguments.of(AuthProperties.class, "stackspin.security.sso.cookie-name", "",
						"stackspin.security.sso.cookie-name must not be blank"),
				Arguments.of(OnboardingProperties.class, "stackspin.onboarding.language", "de",
						"stackspin.onboarding.language must be en or nl, but was 'de'"),
				Arguments.of(OnboardingProperties.class, "stackspin.onboarding.mail-from", " ",
						"stackspin.onboarding.mail-from must not be blank"),
				Arguments.of(OnboardingProperties.class, "stackspin.onboarding.invitation-lifetime", "14m",
						"stackspin.onboarding.invitation-lifetime must be between 15m and 30d"),
				Arguments.of(AuditStoreProperties.class, "stackspin.audit.purge-cron", "",
						"stackspin.audit.purge-cron must not be blank"),
				// five fields (Unix cron) where Spring wants six
				Arguments.of(AuditStoreProperties.class, "stackspin.audit.purge-cron", "17 3 * * *",
						"stackspin.audit.purge-cron must be a Spring cron expression"),
				Arguments.of(AuditStoreProperties.class, "stackspin.audit.purge-cron", "every night",
						"stackspin.audit.purge-cron must be a Spring cron expression"));
	}

	@ParameterizedTest(name = "{1}={2}")
	@MethodSource("wrongSettings")
	void aWrongSettingStopsTheStartNamingTheProperty(Class<?> record, String property, String value, String message) {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(record, Map.of(property, value)))
			.havingRootCause()
			.withMessageContaining(message);
	}

	static Stream<Arguments> limits() {
		return Stream.of(Arguments.of(ImportProperties.class, "stackspin.import.batch-size", "1"),
				Arguments.of(ImportProperties.class, "stackspin.import.batch-size", "1000"),
				Arguments.of(ImportProperties.class, "stackspin.import.parallel-batches", "8"),
				Arguments.of(AuthProperties.class, "stackspin.security.session-check-interval", "0s"),
				Arguments.of(AuthProperties.class, "stackspin.security.session-check-interval", "30s"),
				Arguments.of(OnboardingProperties.class, "stackspin.onboarding.language", "nl"),
				Arguments.of(OnboardingProperties.class, "stackspin.onboarding.invitation-lifetime", "30d"),
				Arguments.of(KratosProperties.class, "stackspin.kratos.admin-url", "https://kratos-admin:4434"),
				Arguments.of(AuditStoreProperties.class, "stackspin.audit.purge-cron", "@daily"));
	}

	@ParameterizedTest(name = "{1}={2}")
	@MethodSource("limits")
	void theLimitsThemselvesAreAccepted(Class<?> record, String property, String value) {
		assertThat(bind(record, Map.of(property, value))).isNotNull();
	}

	@Test
	void anEmptySettingMeansItsDefault() {
		// an environment variable set to nothing (STACKSPIN_KRATOS_ADMIN_URL=) binds as
		// unset
		KratosProperties kratos = (KratosProperties) bind(KratosProperties.class,
				Map.of("stackspin.kratos.admin-url", "", "stackspin.kratos.connect-timeout", ""));
		assertThat(kratos.adminUrl()).hasToString("http://localhost:8000");
		assertThat(kratos.connectTimeout()).hasSeconds(2);
		ImportProperties imports = (ImportProperties) bind(ImportProperties.class,
				Map.of("stackspin.import.max-file-size", ""));
		assertThat(imports.maxFileSize().toMegabytes()).isEqualTo(10);
	}

	@ParameterizedTest
	@MethodSource("records")
	void theDefaultsPassTheChecks(Class<?> record) {
		assertThat(bind(record, Map.of())).isNotNull();
	}

	static Stream<Class<?>> records() {
		return Stream.of(ImportProperties.class, KratosProperties.class, AuthProperties.class,
				OnboardingProperties.class, AuditStoreProperties.class);
	}

	private static Object bind(Class<?> record, Map<String, String> properties) {
		String prefix = record.getAnnotation(org.springframework.boot.context.properties.ConfigurationProperties.class)
			.value();
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, record);
	}

}
