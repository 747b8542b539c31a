package net.stackspin.admin.kratos;

import java.util.concurrent.TimeUnit;

import com.google.gson.ToNumberPolicy;
import okhttp3.OkHttpClient;
import sh.ory.kratos.JSON;
import sh.ory.kratos.ApiClient;

/**
 * The two configured generated clients: one for the admin API, one for the public API.
 * They share one OkHttp connection pool and dispatcher; only the base URL differs.
 */
final class KratosClients {

	static {
		// Traits and metadata are untyped JSON: Gson would read every number as a double
		// (42 -> 42.0, 9007199254740993 -> 9007199254740992). Keep the text of each
		// number
		// instead, so the panel shows and writes back exactly what Kratos stores.
		JSON.setGson(
				JSON.getGson().newBuilder().setObjectToNumberStrategy(ToNumberPolicy.LAZILY_PARSED_NUMBER).create());
	}

	private final ApiClient admin;

	private final ApiClient pub;

	/** The admin API with every call cut off after a second: for readiness probes. */
	private final ApiClient adminForProbes;

	/**
	 * The admin API with a read timeout of at least {@link #BATCH_READ_TIMEOUT}: a batch
	 * of 1,000 identities takes Kratos seconds, more on a busy database.
	 */
	private final ApiClient adminForBatches;

	static final java.time.Duration BATCH_READ_TIMEOUT = java.time.Duration.ofMinutes(2);

	KratosClients(KratosProperties properties) {
		OkHttpClient http = new OkHttpClient.Builder()
			.connectTimeout(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.readTimeout(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.writeTimeout(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
			// Kratos answers 307 for admin paths without the /admin prefix (health,
			// version).
			.followRedirects(true)
			.build();
		this.admin = new ApiClient(http).setBasePath(KratosProperties.basePath(properties.adminUrl()));
		this.pub = new ApiClient(http).setBasePath(KratosProperties.basePath(properties.publicUrl()));
		OkHttpClient probes = http.newBuilder().callTimeout(1, TimeUnit.SECONDS).build();
		this.adminForProbes = new ApiClient(probes).setBasePath(KratosProperties.basePath(properties.adminUrl()));
		long batchTimeout = Math.max(properties.readTimeout().toMillis(), BATCH_READ_TIMEOUT.toMillis());
		OkHttpClient batches = http.newBuilder()
			.readTimeout(batchTimeout, TimeUnit.MILLISECONDS)
			.writeTimeout(batchTimeout, TimeUnit.MILLISECONDS)
			.build();
		this.adminForBatches = new ApiClient(batches).setBasePath(KratosProperties.basePath(properties.adminUrl()));
	}

	ApiClient admin() {
		return this.admin;
	}

	ApiClient adminForProbes() {
		return this.adminForProbes;
	}

	ApiClient adminForBatches() {
		return this.adminForBatches;
	}

	ApiClient pub() {
		return this.pub;
	}

}
