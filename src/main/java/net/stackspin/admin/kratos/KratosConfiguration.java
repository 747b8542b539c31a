package net.stackspin.admin.kratos;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the Kratos adapter from {@link KratosProperties}. */
@Configuration(proxyBeanMethods = false)
class KratosConfiguration {

	@Bean
	KratosClients kratosClients(KratosProperties properties) {
		return new KratosClients(properties);
	}

	@Bean
	KratosAdminClient kratosAdminClient(KratosClients clients, MeterRegistry meters) {
		return new KratosAdminClient(clients, meters);
	}

	@Bean
	KratosHealthIndicator kratosHealthIndicator(KratosAdminClient kratos) {
		return new KratosHealthIndicator(kratos);
	}

}
