package net.stackspin.admin.identities;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.stackspin.admin.kratos.KratosIdentities;
import net.stackspin.admin.kratos.NewIdentity;
import net.stackspin.admin.testing.KratosServer;
import net.stackspin.admin.testing.SignedIn;
import net.stackspin.admin.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The export with the real Kratos behind a proxy that can cut it off: down before the
 * first page is the 503 page (no download starts); cut off after the first page, the file
 * ends with the incomplete marker and a WARN is logged (not a subclass of
 * KratosIntegrationTest, whose Kratos URLs would win over the proxies').
 */
@SpringBootTest(properties = "stackspin.kratos.read-timeout=5s")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class IdentityExportKratosStopsIntegrationTests {

	static final KratosServer KRATOS = KratosServer.shared();

	static final TcpProxy ADMIN = new TcpProxy(KRATOS.adminUrl());

	static final TcpProxy PUBLIC = new TcpProxy(KRATOS.publicUrl());

	@DynamicPropertySource
	static void throughTheProxies(DynamicPropertyRegistry registry) {
		registry.add("stackspin.kratos.admin-url", ADMIN::url);
		registry.add("stackspin.kratos.public-url", PUBLIC::url);
	}

	/** The proxies a test stopped, started again after it. */
	private final List<TcpProxy> stopped = new ArrayList<>();

	@AfterEach
	void kratosBack() {
		this.stopped.forEach(TcpProxy::start);
	}

	private void stop(TcpProxy proxy) {
		if (!this.stopped.contains(proxy)) {
			proxy.stop();
			this.stopped.add(proxy);
		}
	}

	@AfterAll
	static void closeProxies() {
		ADMIN.close();
		PUBLIC.close();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	IdentityExport export;

	@Autowired
	KratosIdentities identities;

	@Test
	void kratosDownBeforeTheFirstPageIsThe503PageNotADownload() throws Exception {
		stop(ADMIN);
		stop(PUBLIC);
		MockHttpServletResponse response = this.mvc
			.perform(get("/identities/export").param("format", "csv").with(SignedIn.admin()))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Content-Disposition")).isNull();
		assertThat(response.getContentAsString()).doesNotContain("Exception", "at net.stackspin");
	}

	@Test
	void kratosStoppingAfterTheFirstPageEndsTheFileWithTheMarker(CapturedOutput output) {
		String prefix = "stops-" + UUID.randomUUID().toString().substring(0, 8);
		List<NewIdentity> batch = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			batch.add(NewIdentity.withTraits(Map.of("email", "%s-%03d@example.org".formatted(prefix, i))));
		}
		assertThat(this.identities.createBatch(batch)).hasSize(300);
		IdentityExport.PageSource kratos = this.export.source(prefix);
		IdentityExport.PageSource stopsAfterTheFirstPage = (token) -> {
			if (token != null) {
				stop(ADMIN);
			}
			return kratos.page(token);
		};
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		IdentityExport.Result result = this.export.write(IdentityExport.Format.CSV, List.of("email", "name.first"),
				stopsAfterTheFirstPage, () -> out);
		assertThat(result.complete()).isFalse();
		assertThat(result.rows()).isEqualTo(IdentityExport.PAGE_SIZE);
		List<List<String>> rows = IdentityExportTests.csv(out);
		assertThat(rows).hasSize(1 + IdentityExport.PAGE_SIZE + 1);
		assertThat(rows.get(rows.size() - 1)).containsExactly("# export incomplete: Kratos stopped answering");
		assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
		assertThat(output).contains("WARN").contains("Export incomplete after 250 identities");
	}

}
