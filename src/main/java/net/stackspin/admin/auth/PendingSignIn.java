package net.stackspin.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.keygen.KeyGenerators;

/**
 * A sign-in between its two steps: the password was right, the second factor is still to
 * come. The panel keeps no server-side state, so the half-made Kratos session (its token
 * is worth nothing at Kratos until the second factor, but it is a credential all the
 * same) travels in a cookie sealed with AES-GCM under a key derived from the shared
 * signing key: any replica can finish the sign-in, nobody can read or forge it, and it is
 * only good for {@link #LIFETIME}.
 */
class PendingSignIn {

	static final String COOKIE = "stackspin_admin_second_factor";

	/** Long enough to find the phone; a Kratos login flow lives an hour. */
	static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * What the cookie holds.
	 *
	 * @param token the Kratos session token at the first factor
	 * @param identifier the identifier typed at the first step (for the sign-in limits
	 * and the audit trail)
	 * @param methods the second factors Kratos offers ({@code totp},
	 * {@code lookup_secret}, {@code webauthn})
	 * @param target where to go after signing in (already checked by
	 * {@link SafeRedirect})
	 * @param expires when this pending sign-in ends
	 */
	record State(String token, String identifier, List<String> methods, String target, long expires) {

		State {
			methods = List.copyOf(methods);
		}

		boolean offers(String method) {
			return this.methods.contains(method);
		}

		@Override
		public String toString() {
			return "PendingSignIn.State[" + this.identifier + ", " + this.methods + "]"; // never
																							// the
																							// token
		}

	}

	private final BytesEncryptor sealer;

	private final boolean secure;

	private final Clock clock;

	PendingSignIn(SigningKey key, boolean secure, Clock clock) {
		this.sealer = new AesBytesEncryptor(new SecretKeySpec(key.derive("pending-sign-in"), "AES"),
				KeyGenerators.secureRandom(16), AesBytesEncryptor.CipherAlgorithm.GCM);
		this.secure = secure;
		this.clock = clock;
	}

	State start(HttpServletResponse response, String token, String identifier, List<String> methods, String target) {
		State state = new State(token, identifier, methods, target,
				this.clock.instant().plus(LIFETIME).getEpochSecond());
		String sealed = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(this.sealer.encrypt(JSON.writeValueAsBytes(state)));
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(sealed, LIFETIME).toString());
		return state;
	}

	/**
	 * The pending sign-in of this browser, if it has one that is intact and not expired.
	 */
	Optional<State> read(HttpServletRequest request) {
		Optional<String> value = SessionCookie.read(request, COOKIE);
		if (value.isEmpty()) {
			return Optional.empty();
		}
		try {
			State state = JSON.readValue(this.sealer.decrypt(Base64.getUrlDecoder().decode(value.get())), State.class);
			if (Instant.ofEpochSecond(state.expires()).isBefore(this.clock.instant())) {
				return Optional.empty();
			}
			return Optional.of(state);
		}
		catch (RuntimeException ex) {
			// cut short, tampered with, or sealed under another key: as if there were
			// none
			return Optional.empty();
		}
	}

	void clear(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString());
	}

	private ResponseCookie cookie(String value, Duration maxAge) {
		return ResponseCookie.from(COOKIE, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Strict")
			.path("/login")
			.maxAge(maxAge)
			.build();
	}

}
