package net.stackspin.admin.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every spelling Kratos v1.3.1 maps to the same password identifier
 * ({@code strings.ToLower(strings.TrimSpace(…))}) counts as one account.
 */
class SignInIdentifierTests {

	@ParameterizedTest
	@ValueSource(strings = { "victim@example.org", " victim@example.org", "victim@example.org\u00a0",
			"victim@example.org\u3000", "victim@example.org\u2003", "\u2002victim@example.org",
			"victim@example.org\u0085", "\tvictim@example.org\n", "victim@example.org\u2028",
			"\u205fvictim@example.org", "VICTIM@EXAMPLE.ORG", "Victim@Example.Org\u00a0",
			"\uff56ictim@example.org" /* fullwidth v (NFKC) */ })
	void kratosSpellingsOfOneAddressAreOneKey(String spelling) {
		assertThat(SignInIdentifier.key(spelling)).isEqualTo("victim@example.org");
	}

	@ParameterizedTest
	@ValueSource(strings = { "victim@example.org\u200b", "vic tim@example.org", "victim2@example.org" })
	void otherAddressesStayApart(String other) {
		// Go does not trim U+200B (not White_Space), nor anything inside the address
		assertThat(SignInIdentifier.key(other)).isNotEqualTo("victim@example.org");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
			0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 })
	void goSpaceIsUnicodeWhiteSpace(int c) {
		assertThat(SignInIdentifier.isGoSpace(c)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0x200B, 0x180E, 0xFEFF, 'a', '@' })
	void goSpaceIsNotEveryInvisibleCharacter(int c) {
		assertThat(SignInIdentifier.isGoSpace(c)).isFalse();
	}

}
