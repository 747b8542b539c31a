package net.stackspin.admin.auth;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.IdentityNames;
import net.stackspin.admin.kratos.KratosAdminClient;
import net.stackspin.admin.kratos.KratosOutageLog;
import net.stackspin.admin.kratos.KratosPublicClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.PathRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Who may see what. Deny by default: the sign-in page, static assets, health and the
 * error page are public; every other route needs the permission {@link AccessPolicy}
 * names for it, and a route it does not name is refused. The panel keeps no server-side
 * session: the Kratos session token (cookie) and a CSRF token derived from it with a
 * shared key make every replica able to serve every request.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(AuthProperties.class)
@Import(OidcConfiguration.class) // single sign-on, wherever this configuration goes (web
									// slices too)
public class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, AdminSessions sessions, SessionCookie cookie,
			SignInService signIn, AuthProperties properties, CsrfTokenRepository csrfTokens, KratosOutageLog outageLog,
			ObjectProvider<OidcConfiguration.OidcSecurity> oidc) throws Exception {
		// single sign-on, when it is on, comes first: its callback and its sign-out
		for (OidcConfiguration.OidcSecurity sso : oidc) {
			sso.apply(http);
		}
		// @formatter:off
		http
			.authorizeHttpRequests((authorize) -> authorize
				// the end of a streamed page (the drift report) is an ASYNC dispatch of a request
				// authorised when it came in; the stateless panel keeps no context to check it again
				.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
				.requestMatchers(PathRequest.toStaticResources().atCommonLocations()).permitAll()
				.requestMatchers("/webjars/**", "/actuator/health", "/actuator/health/**").permitAll()
				.requestMatchers(AccessPolicy.PUBLIC_PATHS.toArray(String[]::new)).permitAll()
				// Prometheus scrapes anonymously, but only on the separate management port (see the class)
				.requestMatchers(new ManagementPortScrapeMatcher(http.getSharedObject(ApplicationContext.class).getEnvironment())).permitAll())
			// the one table of who may do what; anything it does not name is refused
			.authorizeHttpRequests((authorize) -> {
				for (AccessPolicy.Rule rule : AccessPolicy.mostSpecificFirst()) {
					authorize.requestMatchers(rule.method(), rule.pattern()).hasAuthority(rule.permission().authority());
					if (rule.method() == HttpMethod.GET) {
						// Spring MVC answers HEAD with the GET handler
						authorize.requestMatchers(HttpMethod.HEAD, rule.pattern()).hasAuthority(rule.permission().authority());
					}
				}
			})
			.authorizeHttpRequests((authorize) -> authorize
				.anyRequest().denyAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			// the filter below authenticates every request afresh from the Kratos cookie; Spring's
			// default would treat each as a new sign-in and end the pre-session on every page.
			// LoginController ends it once, at the real sign-in; the token then follows the session.
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(new BodyOrHeaderCsrfTokens())
				.sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
			.addFilterBefore(new KratosSessionFilter(sessions, cookie, properties.sso(), outageLog), AnonymousAuthenticationFilter.class)
			// after the session filter: the token binds to the session that filter accepted
			.addFilterAfter(new CsrfCookieFilter(), KratosSessionFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new SignInEntryPoint())
				.accessDeniedHandler(new SecondFactorSetupFirst()))
			.logout((logout) -> logout
				.logoutUrl("/logout")
				.addLogoutHandler(new KratosLogoutHandler(signIn, cookie))
				.logoutSuccessUrl("/login?logout"))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.frameOptions((frame) -> frame.deny())
				.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
		// @formatter:on
		return http.build();
	}

	@Bean
	SigningKey signingKey(AuthProperties properties) {
		return SigningKey.of(properties.signingKey());
	}

	/**
	 * CSRF tokens bound to the session and derived with the shared key, so any replica
	 * accepts a form another replica rendered, and nobody else's token works.
	 */
	@Bean
	CsrfTokenRepository csrfTokenRepository(SigningKey key, SessionCookie cookie, AuthProperties properties) {
		return new SessionBoundCsrfTokens(key, cookie, properties);
	}

	@Bean
	PendingSignIn pendingSignIn(SigningKey key, AuthProperties properties) {
		return new PendingSignIn(key, properties.cookieSecure(), Clock.systemUTC());
	}

	@Bean
	SignInDevices signInDevices(SigningKey key, AuthProperties properties) {
		return new SignInDevices(key, properties.cookieSecure());
	}

	/**
	 * No observation per security filter, authorization and authentication: nothing
	 * consumes those spans (the panel exports metrics, not traces), and wrapping some 15
	 * filters cost about a tenth of a small page's CPU time. Requests are still timed
	 * ({@code http.server.requests}).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	AdminSessions adminSessions(KratosPublicClient kratosPublic, KratosAdminClient kratosAdmin, IdentityNames names,
			AuthProperties properties) {
		return new AdminSessions(kratosPublic, kratosAdmin, names, properties, Clock.systemUTC());
	}

	@Bean
	SessionCookie sessionCookie(AuthProperties properties) {
		return new SessionCookie(properties);
	}

	@Bean
	SignInService signInService(KratosPublicClient kratos, AdminSessions sessions, AuthProperties properties,
			ObjectProvider<MeterRegistry> meters, AuditTrail audit) {
		SignInRateLimiter limiter = new SignInRateLimiter(properties.signInFailuresPerEmail(),
				properties.signInFailuresPerClient(), properties.signInWindow(), Clock.systemUTC(), 100_000);
		return new SignInService(kratos, sessions, limiter, meters.getIfAvailable(SimpleMeterRegistry::new), audit,
				properties.signInWindow());
	}

	/** No user database here: Kratos is it. Keeps Boot from creating a default user. */
	@Bean
	UserDetailsService noLocalUsers() {
		return new InMemoryUserDetailsManager();
	}

	/**
	 * A panel user who must set up a second factor first (the policy) is sent to the page
	 * that says how, from every page; anyone else refused gets the 403 page.
	 */
	static final class SecondFactorSetupFirst implements AccessDeniedHandler {

		private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

		@Override
		public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
				throws IOException, ServletException {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			boolean setupFirst = authentication != null && authentication.getAuthorities()
				.stream()
				.anyMatch((authority) -> AdminSessions.SECOND_FACTOR_SETUP.equals(authority.getAuthority()));
			if (setupFirst) {
				response.sendRedirect(request.getContextPath() + SecondFactorController.SETUP_PATH);
				return;
			}
			this.otherwise.handle(request, response, denied);
		}

	}

	/**
	 * Pages send the browser to the sign-in page, remembering where it was going;
	 * anything that is not a page (scripts, API clients) gets a plain 401.
	 */
	static final class SignInEntryPoint implements AuthenticationEntryPoint {

		@Override
		public void commence(HttpServletRequest request, HttpServletResponse response,
				org.springframework.security.core.AuthenticationException ex) throws IOException {
			if (request.getAttribute(KratosSessionFilter.KRATOS_UNAVAILABLE) != null) {
				// not signed out: the session could not be checked (the error page says
				// why)
				response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
				return;
			}
			if (!wantsHtml(request)) {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Cookie realm=\"Stackspin Admin\"");
				response.sendError(HttpStatus.UNAUTHORIZED.value());
				return;
			}
			String path = request.getRequestURI().substring(request.getContextPath().length());
			String target = (request.getQueryString() != null) ? path + "?" + request.getQueryString() : path;
			String login = UriComponentsBuilder.fromPath(request.getContextPath() + "/login")
				.queryParam("continue", SafeRedirect.target(target))
				.encode()
				.toUriString();
			response.sendRedirect(login);
		}

		private static boolean wantsHtml(HttpServletRequest request) {
			String accept = request.getHeader(HttpHeaders.ACCEPT);
			if (accept == null) {
				return false;
			}
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			return types.stream()
				.anyMatch((type) -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
		}

	}

}
