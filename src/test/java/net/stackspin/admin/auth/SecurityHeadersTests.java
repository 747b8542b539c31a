package net.stackspin.admin.auth;

import org.junit.jupiter.api.Test;

import net.stackspin.admin.testing.AdminWebMvcTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The hardening headers every response carries, and HSTS only over TLS. */
@AdminWebMvcTest(LoginController.class)
class SecurityHeadersTests {

	@Autowired
	MockMvc mvc;

	@Test
	void pageWhenServedThenHardeningHeaders() throws Exception {
		this.mvc.perform(get("/login").accept(MediaType.TEXT_HTML))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy",
					allOf(containsString("script-src 'self'"), containsString("frame-ancestors 'none'"),
							containsString("object-src 'none'"), not(containsString("unsafe-inline")),
							not(containsString("unsafe-eval")))))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(header().string("Referrer-Policy", "same-origin"))
			.andExpect(header().string("Cache-Control", containsString("no-store")))
			.andExpect(header().doesNotExist("Strict-Transport-Security"));
	}

	@Test
	void pageWhenServedOverTlsThenStrictTransportSecurity() throws Exception {
		this.mvc.perform(get("/login").secure(true).accept(MediaType.TEXT_HTML))
			.andExpect(header().string("Strict-Transport-Security", containsString("max-age=31536000")));
	}

	@Test
	void errorResponsesCarryTheHeadersToo() throws Exception {
		this.mvc.perform(get("/identities").accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(header().exists("Content-Security-Policy"))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"));
	}

}
