package net.stackspin.admin.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A CSRF token is never taken from the query string, however it is spelt there. */
class BodyOrHeaderCsrfTokensTests {

	@Test
	void theParameterInTheQueryStringIsFound() {
		assertThat(BodyOrHeaderCsrfTokens.inQueryString("_csrf=abc", "_csrf")).isTrue();
		assertThat(BodyOrHeaderCsrfTokens.inQueryString("a=1&_csrf", "_csrf")).isTrue();
		assertThat(BodyOrHeaderCsrfTokens.inQueryString("a=1&%5Fcsrf=abc", "_csrf")).isTrue();
		assertThat(BodyOrHeaderCsrfTokens.inQueryString("%zz=1&_csrf=x", "_csrf")).isTrue();
	}

	@Test
	void otherParametersAreNot() {
		assertThat(BodyOrHeaderCsrfTokens.inQueryString(null, "_csrf")).isFalse();
		assertThat(BodyOrHeaderCsrfTokens.inQueryString("", "_csrf")).isFalse();
		assertThat(BodyOrHeaderCsrfTokens.inQueryString("q=_csrf&x_csrf=1", "_csrf")).isFalse();
	}

}
