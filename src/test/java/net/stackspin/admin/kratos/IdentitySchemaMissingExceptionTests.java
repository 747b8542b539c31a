package net.stackspin.admin.kratos;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kratos v1.3.1's 500 for an identity whose schema is gone is told apart from an outage.
 */
class IdentitySchemaMissingExceptionTests {

	/** Kratos v1.3.1's answer, as captured from a Kratos restarted without the schema. */
	private static final String BODY = """
			{"error":{"code":500,"status":"Internal Server Error",\
			"reason":"The JSON Schema \\"names-gone\\" for this identity's traits could not be found.",\
			"message":"An internal server error occurred, please contact the system administrator"}}""";

	@Test
	void aMissingSchemaIsNamedAndNotAnOutage() {
		KratosException translated = KratosCalls.translate("list_identities",
				new ApiException(500, Map.<String, List<String>>of(), BODY));

		assertThat(translated).isInstanceOf(IdentitySchemaMissingException.class)
			.isNotInstanceOf(KratosUnavailableException.class);
		assertThat(((IdentitySchemaMissingException) translated).getSchemaId()).isEqualTo("names-gone");
	}

	@Test
	void anyOther500IsStillAnOutage() {
		KratosException translated = KratosCalls.translate("list_identities", new ApiException(500,
				Map.<String, List<String>>of(), "{\"error\":{\"code\":500,\"reason\":\"database is locked\"}}"));

		assertThat(translated).isInstanceOf(KratosUnavailableException.class);
		assertThat(IdentitySchemaMissingException.schemaIdIn(null)).isEmpty();
	}

}
