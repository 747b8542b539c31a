package net.stackspin.admin.system;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The panel's JDK pre-initialisation is found by Spring Boot and runs without failing.
 */
class JdkPreinitializerTests {

	@Test
	void springBootFindsItAmongTheBackgroundPreinitializers() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(BackgroundPreinitializer.class))
			.anySatisfy((preinitializer) -> assertThat(preinitializer).isInstanceOf(JdkPreinitializer.class));
	}

	@Test
	void preinitializeLoadsTheTrustStoreWithoutFailing() {
		assertThatNoException().isThrownBy(() -> new JdkPreinitializer().preinitialize());
	}

}
