package net.stackspin.admin.identities;

import java.nio.charset.StandardCharsets;

import net.stackspin.admin.testing.SignedIn;

import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

/** The import form's upload as a signed-in administrator posts it. */
final class ImportUploads {

	private ImportUploads() {
	}

	/**
	 * Posts {@code file} as {@code name} with the form's {@code action} ("preview" or
	 * "import") and returns the page, after checking its status.
	 */
	static String post(MockMvc mvc, byte[] file, String name, String action, ResultMatcher status) throws Exception {
		return mvc
			.perform(multipart("/identities/import").file(new MockMultipartFile("file", name, "text/csv", file))
				.param("action", action)
				.with(SignedIn.admin())
				.with(csrf()))
			.andExpect(status)
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

}
