package net.stackspin.admin.kratos;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kratos calls of the onboarding feature (credentials, sessions, courier, recovery
 * flows), kept out of {@link KratosConfiguration} so parallel features do not collide.
 */
@Configuration(proxyBeanMethods = false)
public class KratosAccessConfiguration {

	@Bean
	KratosCredentials kratosCredentials(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosCredentials(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	KratosSessionsAdmin kratosSessionsAdmin(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosSessionsAdmin(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	KratosCourier kratosCourier(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosCourier(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	KratosRecoveryFlows kratosRecoveryFlows(KratosClients clients, ObjectProvider<MeterRegistry> meters) {
		return new KratosRecoveryFlows(clients, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

}
