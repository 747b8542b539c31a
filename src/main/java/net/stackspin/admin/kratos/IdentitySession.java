package net.stackspin.admin.kratos;

import java.time.Instant;
import java.util.List;

/**
 * One Kratos session of an identity, as an administrator sees it (never its token).
 *
 * @param id Kratos's session id
 * @param active whether Kratos still accepts it
 * @param authenticatedAt when the user signed in
 * @param expiresAt when it ends
 * @param assuranceLevel {@code aal1} or {@code aal2}
 * @param methods the sign-in methods used, e.g. {@code password}, {@code totp}
 * @param devices the devices that used it
 */
public record IdentitySession(String id, boolean active, Instant authenticatedAt, Instant expiresAt,
		String assuranceLevel, List<String> methods, List<Device> devices) {

	public IdentitySession {
		methods = List.copyOf(methods);
		devices = List.copyOf(devices);
	}

	/**
	 * A device seen on a session.
	 *
	 * @param ipAddress its IP address
	 * @param userAgent its browser or client
	 * @param location Kratos's guess of where it is (often empty)
	 */
	public record Device(String ipAddress, String userAgent, String location) {
	}

}
