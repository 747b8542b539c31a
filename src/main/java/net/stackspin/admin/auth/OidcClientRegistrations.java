package net.stackspin.admin.auth;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * The panel's one client registration, from the provider's discovery document. Read on
 * first use, not at start-up: a provider that is down must not stop the panel (the form
 * sign-in still works), and a failed read is tried again on the next sign-in. Not a
 * {@code ClientRegistrationRepository} bean, so Spring Boot's OAuth2 client
 * auto-configuration (an in-memory store of every signed-in person's tokens) stays off.
 */
class OidcClientRegistrations {

	/** Where the "Sign in with single sign-on" button points. */
	static final String AUTHORIZATION_PATH = "/oauth2/authorization/" + OidcProperties.REGISTRATION_ID;

	private final OidcProperties properties;

	private final AtomicReference<ClientRegistration> registration = new AtomicReference<>();

	OidcClientRegistrations(OidcProperties properties) {
		this.properties = properties;
	}

	/**
	 * The registration, discovered on first use.
	 * @return {@code null} for any other id
	 */
	ClientRegistration findByRegistrationId(String registrationId) {
		if (!OidcProperties.REGISTRATION_ID.equals(registrationId)) {
			return null;
		}
		ClientRegistration known = this.registration.get();
		if (known != null) {
			return known;
		}
		ClientRegistration discovered = ClientRegistrations.fromIssuerLocation(this.properties.issuerUrl().trim())
			.registrationId(OidcProperties.REGISTRATION_ID)
			.clientId(this.properties.clientId())
			.clientSecret(this.properties.clientSecret())
			.scope(this.properties.scopes())
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.build();
		this.registration.compareAndSet(null, discovered);
		return discovered;
	}

	/**
	 * Resolves the redirect to the provider, remembering where the person was going
	 * ({@code ?continue=}). When the provider's discovery document cannot be read, no
	 * redirect happens: the request reaches {@link OidcSignInController}, which says so
	 * on the sign-in page.
	 */
	static final class Resolver implements OAuth2AuthorizationRequestResolver {

		static final String UNAVAILABLE = Resolver.class.getName() + ".unavailable";

		private final DefaultOAuth2AuthorizationRequestResolver delegate;

		Resolver(ClientRegistrationRepository registrations) {
			this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
		}

		@Override
		public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
			try {
				return withTarget(this.delegate.resolve(request), request);
			}
			catch (RuntimeException ex) {
				request.setAttribute(UNAVAILABLE, ex);
				return null;
			}
		}

		@Override
		public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
			try {
				return withTarget(this.delegate.resolve(request, clientRegistrationId), request);
			}
			catch (RuntimeException ex) {
				request.setAttribute(UNAVAILABLE, ex);
				return null;
			}
		}

		private static OAuth2AuthorizationRequest withTarget(OAuth2AuthorizationRequest authorizationRequest,
				HttpServletRequest request) {
			if (authorizationRequest == null) {
				return null;
			}
			String target = SafeRedirect.target(request.getParameter(OidcAuthorizationRequests.CONTINUE));
			return OAuth2AuthorizationRequest.from(authorizationRequest)
				.attributes((attributes) -> attributes.put(OidcAuthorizationRequests.CONTINUE, target))
				.build();
		}

	}

}
