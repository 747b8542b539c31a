package net.stackspin.admin.identities;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code email} format as Kratos v1.3.1 checks it (santhosh-tekuri/jsonschema's
 * {@code isEmail}: length limits, a local part {@code net/mail} parses, a host name or
 * bracketed IP as domain, no list of top-level domains). The library's own check refused
 * {@code admin@stackspin.local}, the address {@code kratos/run-local.sh} gives the first
 * administrator, so that administrator could not be edited in the local panel.
 */
class TraitValidatorEmailTests {

	@ParameterizedTest
	@ValueSource(strings = { "admin@stackspin.local", "ada@example.org", "a@b", "first.last+tag@sub.example.co",
			"o'brien@example.org", "\"quoted name\"@example.org", "x@[127.0.0.1]", "x@[IPv6:2001:db8::1]",
			"trailing@example.org." })
	void addressesKratosAcceptsAreAccepted(String address) {
		assertThat(TraitValidator.EMAIL.matches(null, address)).as(address).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "no-at-sign", "@example.org", "a@", "a@-example.org", "a@example-.org",
			"a@exa_mple.org", "a b@example.org", "a..b@example.org", ".a@example.org", "a@example..org",
			"a@[300.0.0.1]", "Ada <ada@example.org>" })
	void addressesKratosRefusesAreRefused(String address) {
		assertThat(TraitValidator.EMAIL.matches(null, address)).as(address).isFalse();
	}

	@org.junit.jupiter.api.Test
	void theValidatorUsesThisCheckForTheEmailFormat() {
		// an identity schema: the traits' schema is at properties.traits
		java.util.Map<String, Object> schema = java.util.Map.of("type", "object", "properties",
				java.util.Map.of("traits", java.util.Map.of("type", "object", "properties",
						java.util.Map.of("email", java.util.Map.of("type", "string", "format", "email")))));
		tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
		assertThat(TraitValidator.validate(schema, json.readTree("{\"email\": \"admin@stackspin.local\"}"))).isEmpty();
		assertThat(TraitValidator.validate(schema, json.readTree("{\"email\": \"a@-example.org\"}")))
			.extracting(TraitValidator.Violation::keyword)
			.containsExactly("format");
	}

	@org.junit.jupiter.api.Test
	void limitsOf64And254Characters() {
		String local64 = "a".repeat(64);
		assertThat(TraitValidator.EMAIL.matches(null, local64 + "@example.org")).isTrue();
		assertThat(TraitValidator.EMAIL.matches(null, local64 + "a@example.org")).isFalse();
		String longDomain = ("b".repeat(60) + ".").repeat(4) + "org"; // 247 characters
		assertThat(TraitValidator.EMAIL.matches(null, "a@" + longDomain)).isTrue();
		assertThat(TraitValidator.EMAIL.matches(null, "abcdefg@" + longDomain)).isFalse();
	}

}
