package net.stackspin.admin.kratos;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the Kratos adapter from {@link KratosProperties}: one HTTP client pair, and one
 * adapter class per group of Kratos calls, all timed into the same registry.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KratosProperties.class)
public class KratosConfiguration {

	@Bean
	KratosClients kratosClients(KratosProperties properties) {
		return new KratosClients(properties);
	}

	@Bean
	KratosAdminClient kratosAdminClient(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosAdminClient(clients, meters(meters));
	}

	@Bean
	KratosPublicClient kratosPublicClient(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosPublicClient(clients, meters(meters));
	}

	@Bean
	KratosIdentities kratosIdentities(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosIdentities(clients, meters(meters));
	}

	@Bean
	KratosSchemas kratosSchemas(KratosClients clients, ObjectProvider<MeterRegistry> meters,
			KratosProperties properties) {
		return new KratosSchemas(clients, meters(meters), properties.schemaCacheTtl());
	}

	@Bean
	IdentityNames identityNames(KratosSchemas schemas) {
		return new IdentityNames(schemas);
	}

	@Bean
	KratosBrowserFlows kratosBrowserFlows(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosBrowserFlows(clients, meters(meters));
	}

	@Bean
	KratosCredentials kratosCredentials(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosCredentials(clients, meters(meters));
	}

	@Bean
	KratosSessionsAdmin kratosSessionsAdmin(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosSessionsAdmin(clients, meters(meters));
	}

	@Bean
	KratosCourier kratosCourier(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosCourier(clients, meters(meters));
	}

	@Bean
	KratosRecoveryFlows kratosRecoveryFlows(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosRecoveryFlows(clients, meters(meters));
	}

	@Bean
	KratosHealthIndicator kratosHealthIndicator(KratosAdminClient kratos) {
		KratosHealthIndicator indicator = new KratosHealthIndicator(kratos, Clock.systemUTC());
		// the first readiness probe then finds Kratos's answer (start-up,
		// docs/benchmarks.md)
		indicator.prime();
		return indicator;
	}

	@Bean
	KratosOutageLog kratosOutageLog() {
		return new KratosOutageLog(Clock.systemUTC());
	}

	/**
	 * Web-layer test slices have no meter registry; the adapters time their calls anyway.
	 */
	private static MeterRegistry meters(ObjectProvider<MeterRegistry> meters) {
		return meters.getIfAvailable(SimpleMeterRegistry::new);
	}

}
