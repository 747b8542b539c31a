package net.stackspin.admin.selfservice;

import java.util.Locale;
import java.util.Map;

import net.stackspin.admin.kratos.UiMessage;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Kratos's messages by id, with their context, and Kratos's English when that fails. */
class KratosTextsTests {

	private static final Locale DUTCH = Locale.forLanguageTag("nl");

	private final KratosTexts texts = new KratosTexts(messages());

	@Test
	void aKnownIdIsTranslatedWithItsContextFilledIn() {
		UiMessage tooShort = new UiMessage(4000032, "The password must be at least 8 characters long, but got 3.",
				"error", Map.of("min_length", "8", "actual_length", "3"));
		assertThat(this.texts.text(tooShort, DUTCH))
			.isEqualTo("Het wachtwoord moet minstens 8 tekens lang zijn, maar is 3 tekens lang.");
	}

	@Test
	void anUnknownIdOrAMissingContextValueKeepsKratossText() {
		assertThat(this.texts.text(new UiMessage(9999999, "Something new", "info"), DUTCH)).isEqualTo("Something new");
		assertThat(this.texts.text(new UiMessage(4000032, "The password must be at least 8 …", "error"), DUTCH))
			.isEqualTo("The password must be at least 8 …");
	}

	@Test
	void englishIsKratossOwnText() {
		assertThat(this.texts.text(new UiMessage(1070007, "Email", "info"), Locale.ENGLISH)).isEqualTo("Email");
		assertThat(this.texts.text(new UiMessage(1070007, "Email", "info"), DUTCH)).isEqualTo("E-mailadres");
	}

	@Test
	void aSignInRefusalIsFoundByKratossEnglishText() {
		String invalid = KratosTexts.SIGN_IN_REFUSALS.get(4000006L);
		org.springframework.context.i18n.LocaleContextHolder.setLocale(DUTCH);
		try {
			assertThat(this.texts.signInRefusal(invalid)).startsWith("De gegevens kloppen niet.");
			assertThat(this.texts.signInRefusal("Something Kratos says anew")).isEqualTo("Something Kratos says anew");
		}
		finally {
			org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
		}
		assertThat(this.texts.text(new UiMessage(1010022, "Sign in with password", "info"), DUTCH))
			.isEqualTo("Aanmelden met wachtwoord");
	}

	@Test
	void aUnixTimeBecomesMinutesFromNow() {
		long inTenMinutes = java.time.Instant.now().getEpochSecond() + 600;
		UiMessage recovered = new UiMessage(1060001, "You successfully recovered your account.", "success",
				Map.of("privileged_session_expires_at_unix", Long.toString(inTenMinutes)));
		assertThat(this.texts.text(recovered, DUTCH)).startsWith("Je account is hersteld.")
			.contains("binnen 10 minuten");
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasenames("messages/selfservice", "messages/kratos");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

}
