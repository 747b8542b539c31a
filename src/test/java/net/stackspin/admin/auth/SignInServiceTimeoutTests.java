package net.stackspin.admin.auth;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.KratosPublicClient;
import net.stackspin.admin.kratos.KratosUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Fault cases of the sign-in limits (Kratos stubbed only to time out or refuse the
 * connection): an attempt Kratos did not answer in time counts, as it may still cost
 * Kratos a core (an expensive imported hash); a refused connection does not.
 */
class SignInServiceTimeoutTests {

	private final KratosPublicClient kratos = mock(KratosPublicClient.class);

	private final SignInService service = service();

	@Test
	void timedOutAttemptsCountAgainstTheLimit() {
		when(this.kratos.signInWithPassword(anyString(), anyString()))
			.thenThrow(new KratosUnavailableException("Kratos did not answer", new SocketTimeoutException("timeout")));
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(() -> this.service.signIn("slow@example.org", "guess", "192.0.2.1", null))
				.isInstanceOf(KratosUnavailableException.class);
		}
		assertThat(this.service.signIn("slow@example.org", "guess", "192.0.2.1", null))
			.isInstanceOf(SignInService.TooManyAttempts.class);
	}

	@Test
	void refusedConnectionsDoNotCount() {
		when(this.kratos.signInWithPassword(anyString(), anyString()))
			.thenThrow(new KratosUnavailableException("Kratos did not answer", new ConnectException("refused")));
		for (int i = 0; i < 10; i++) {
			assertThatThrownBy(() -> this.service.signIn("down@example.org", "pw", "192.0.2.2", null))
				.isInstanceOf(KratosUnavailableException.class);
		}
	}

	private SignInService service() {
		AuditTrail audit = mock(AuditTrail.class);
		AuditTrail.Event event = mock(AuditTrail.Event.class, RETURNS_SELF);
		when(audit.event(any())).thenReturn(event);
		SignInRateLimiter limiter = new SignInRateLimiter(3, 20, Duration.ofMinutes(1), Clock.systemUTC(), 1000);
		return new SignInService(this.kratos, mock(AdminSessions.class), limiter, new SimpleMeterRegistry(), audit,
				Duration.ofMinutes(1));
	}

}
