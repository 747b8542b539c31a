package net.stackspin.admin.system;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.web.servlet.FlashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The sealed flash cookie: round trip, tampering, another key, bad keys. */
class CookieFlashMapManagerTests {

	private static final byte[] KEY = new byte[32];

	@Test
	void sealedFlashWhenReadBackThenSameAttributes() {
		CookieFlashMapManager manager = new CookieFlashMapManager(KEY, true);
		FlashMap flash = new FlashMap();
		flash.put("message", "User deleted.");
		flash.setTargetRequestPath("/identities");
		String sealed = manager.encode(List.of(flash));
		assertThat(sealed).doesNotContain("User").doesNotContain("identities");
		List<FlashMap> read = manager.decode(sealed);
		assertThat(read).hasSize(1);
		assertThat(read.get(0).get("message")).isEqualTo("User deleted.");
		assertThat(read.get(0).getTargetRequestPath()).isEqualTo("/identities");
	}

	@Test
	void sealedFlashWhenTamperedOrOtherKeyThenIgnored() {
		CookieFlashMapManager manager = new CookieFlashMapManager(KEY, true);
		FlashMap flash = new FlashMap();
		flash.put("message", "hello");
		String sealed = manager.encode(List.of(flash));
		// a character in the middle: the last one of unpadded base64 may carry only
		// unused bits
		int middle = sealed.length() / 2;
		char original = sealed.charAt(middle);
		String tampered = sealed.substring(0, middle) + ((original == 'A') ? 'B' : 'A') + sealed.substring(middle + 1);
		assertThat(manager.decode(tampered)).isNull();
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		assertThat(new CookieFlashMapManager(otherKey, true).decode(sealed)).isNull();
		assertThat(manager.decode("not base64 !!")).isNull();
	}

	@Test
	void keyWhenBadThenStartUpFailsWithTheProperty() {
		assertThatIllegalStateException().isThrownBy(() -> FlashConfiguration.key("%%%"))
			.withMessageContaining("stackspin.security.flash-key");
		assertThatIllegalStateException().isThrownBy(() -> FlashConfiguration.key("AAAA"))
			.withMessageContaining("16, 24 or 32 bytes");
		assertThat(FlashConfiguration.key(null)).hasSize(32);
	}

}
