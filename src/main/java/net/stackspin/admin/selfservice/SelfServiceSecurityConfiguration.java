package net.stackspin.admin.selfservice;

import net.stackspin.admin.kratos.KratosProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * The security of {@code /self-service/**}, apart from the admin area's: the pages are
 * the end user's, so anyone may load them, and their forms post to Kratos, so the CSP's
 * {@code form-action} allows Kratos's public origin here and nowhere else. The admin
 * chain ({@code auth.SecurityConfiguration}) still guards everything else.
 *
 * <p>
 * The panel accepts no state change on these paths (GET only; any other method is
 * refused), so it needs no CSRF token of its own: the forms carry Kratos's
 * {@code csrf_token} node, which Kratos checks against its own CSRF cookie. The chain
 * exists whether or not the pages are enabled, so that disabled pages answer 404 rather
 * than the admin sign-in.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SelfServiceProperties.class)
class SelfServiceSecurityConfiguration {

	/** The panel's policy with Kratos's origin added to {@code form-action}. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self' %s; "
			+ "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

	@Bean
	KratosBrowserUrl kratosBrowserUrl(SelfServiceProperties properties, KratosProperties kratos) {
		return new KratosBrowserUrl(
				(properties.kratosBrowserUrl() != null) ? properties.kratosBrowserUrl() : kratos.publicUrl());
	}

	@Bean
	@Order(1) // before the admin chain, which matches every request
	SecurityFilterChain selfServiceSecurityFilterChain(HttpSecurity http, KratosBrowserUrl kratos) throws Exception {
		// @formatter:off
		http
			.securityMatcher("/self-service/**")
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(org.springframework.http.HttpMethod.GET, "/self-service/**").permitAll()
				.anyRequest().denyAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.csrf((csrf) -> csrf.disable())
			.anonymous((anonymous) -> { })
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY.formatted(kratos.origin())))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.frameOptions((frame) -> frame.deny())
				.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
		// @formatter:on
		return http.build();
	}

}
