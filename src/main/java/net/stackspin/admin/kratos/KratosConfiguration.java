package net.stackspin.admin.kratos;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the Kratos adapter from {@link KratosProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KratosProperties.class)
public class KratosConfiguration {

	@Bean
	KratosClients kratosClients(KratosProperties properties) {
		return new KratosClients(properties);
	}

	@Bean
	KratosAdminClient kratosAdminClient(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosAdminClient(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	KratosPublicClient kratosPublicClient(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosPublicClient(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	KratosIdentities kratosIdentities(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosIdentities(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	KratosSchemas kratosSchemas(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosSchemas(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	KratosBrowserFlows kratosBrowserFlows(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosBrowserFlows(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	KratosHealthIndicator kratosHealthIndicator(KratosAdminClient kratos) {
		return new KratosHealthIndicator(kratos);
	}

}
