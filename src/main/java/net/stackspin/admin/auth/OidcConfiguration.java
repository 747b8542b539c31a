package net.stackspin.admin.auth;

import java.time.Clock;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosOutageLog;
import net.stackspin.admin.kratos.KratosSessionsAdmin;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Single sign-on through an OpenID Connect provider (the cluster's Ory Hydra), only while
 * {@link OidcProperties#active()}, decided at run time (the beans exist either way:
 * Spring AOT fixes conditions when the image is built). It adds to the admin filter chain
 * ({@link OidcSecurity}, applied before {@link SecurityConfiguration}'s own rules):
 * Spring Security's OAuth2 login with the authorization request in a cookie
 * ({@link OidcAuthorizationRequests}), the session filter of single sign-on sessions and
 * their sign-out. Nothing is kept in a servlet session or in memory per sign-in beyond
 * the bounded check cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OidcProperties.class)
class OidcConfiguration {

	@Bean
	OidcClientRegistrations oidcClientRegistrations(OidcProperties properties) {
		return new OidcClientRegistrations(properties);
	}

	@Bean
	OidcSessionCookie oidcSessionCookie(SigningKey key, AuthProperties properties) {
		return new OidcSessionCookie(key, properties, Clock.systemUTC());
	}

	@Bean
	OidcSessions oidcSessions(KratosAdminClient kratos, KratosSessionsAdmin kratosSessions, AdminSessions adminSessions,
			IdentityNames names, AuditTrail audit, AuthProperties properties) {
		return new OidcSessions(kratos, kratosSessions, adminSessions, names, audit, properties, Clock.systemUTC());
	}

	@Bean
	OidcLogout oidcLogout(OidcSessionCookie cookie, OidcSessions sessions, OidcClientRegistrations registrations,
			AuditTrail audit) {
		return new OidcLogout(cookie, sessions, registrations, audit);
	}

	@Bean
	OidcSecurity oidcSecurity(OidcClientRegistrations registrations, OidcSessionCookie cookie, OidcSessions sessions,
			SigningKey key, AuthProperties authProperties, OidcProperties properties, CsrfTokenRepository csrfTokens,
			AuditTrail audit, KratosOutageLog outageLog,
			@Qualifier(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME) ObjectProvider<FlashMapManager> flashes,
			OidcLogout logout) {
		OidcSignInHandler handler = new OidcSignInHandler(sessions, cookie, csrfTokens, audit, properties, flashes,
				Clock.systemUTC());
		return (http) -> {
			// @formatter:off
			http
				// the sign-out page, and the redirect to the provider when the redirect
				// filter could not resolve it (both answer 404 while single sign-on is off)
				.authorizeHttpRequests((authorize) -> authorize
					.requestMatchers(OidcClientRegistrations.AUTHORIZATION_PATH, OidcLogout.SIGN_OUT_PATH).permitAll());
			if (!properties.active()) {
				return;
			}
			http
				.oauth2Login((login) -> login
					.loginPage("/login")
					.clientRegistrationRepository(registrations::findByRegistrationId)
					.authorizedClientRepository(new NoAuthorizedClients())
					.authorizationEndpoint((endpoint) -> endpoint
						.authorizationRequestRepository(new OidcAuthorizationRequests(key, authProperties.cookieSecure()))
						.authorizationRequestResolver(new OidcClientRegistrations.Resolver(registrations::findByRegistrationId)))
					.successHandler(handler)
					.failureHandler(handler))
				.addFilterBefore(new OidcSessionFilter(cookie, sessions, outageLog, Clock.systemUTC()),
					AnonymousAuthenticationFilter.class)
				.logout((out) -> out
					.addLogoutHandler(logout)
					.logoutSuccessHandler(logout));
			// @formatter:on
		};
	}

	/**
	 * What single sign-on adds to the admin filter chain; {@link SecurityConfiguration}
	 * applies it first, so its rules come before the chain's own. (Not a
	 * {@code Customizer<HttpSecurity>} bean: Spring would apply that to the self-service
	 * chain too.)
	 */
	@FunctionalInterface
	interface OidcSecurity {

		void apply(HttpSecurity http) throws Exception;

	}

	/**
	 * The provider's access token is used once, to learn who signed in; keeping it (the
	 * default keeps it in memory per person) would be state for nothing.
	 */
	static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {

		@Override
		@SuppressWarnings("unchecked")
		public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId,
				org.springframework.security.core.Authentication principal,
				jakarta.servlet.http.HttpServletRequest request) {
			return null;
		}

		@Override
		public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient,
				org.springframework.security.core.Authentication principal,
				jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
		}

		@Override
		public void removeAuthorizedClient(String clientRegistrationId,
				org.springframework.security.core.Authentication principal,
				jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
		}

	}

}
