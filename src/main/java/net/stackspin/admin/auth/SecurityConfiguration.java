package net.stackspin.admin.auth;

import org.springframework.boot.security.autoconfigure.web.servlet.PathRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Deny by default. Until administrator sign-in lands, only the identity list, static
 * assets, health and the error page are reachable.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(PathRequest.toStaticResources().atCommonLocations()).permitAll()
				.requestMatchers("/webjars/**", "/actuator/health", "/actuator/health/**", "/error").permitAll()
				.requestMatchers("/", "/identities").permitAll()
				.anyRequest().denyAll());
		// @formatter:on
		return http.build();
	}

}
