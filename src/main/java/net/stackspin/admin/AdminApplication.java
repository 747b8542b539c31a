package net.stackspin.admin;

import org.springframework.aot.AotDetector;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Stackspin Admin: the web panel in which Stackspin administrators manage the users kept
 * in Ory Kratos.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AdminApplication {

	public static void main(String[] args) {
		if (isCommand(args)) {
			// a one-shot command (e.g. --bootstrap-admin=EMAIL, --grant-role=ROLE
			// --identity=EMAIL): no web server, exit when
			// done. Not from the AOT-processed web application the image starts with
			// (spring.aot.enabled): its beans include the web servers.
			System.setProperty(AotDetector.AOT_ENABLED, "false");
			System.exit(SpringApplication.exit(commandApplication().run(args)));
		}
		SpringApplication.run(AdminApplication.class, args);
	}

	/** The application as a one-shot command: no web server, no banner. */
	public static SpringApplicationBuilder commandApplication() {
		return new SpringApplicationBuilder(AdminApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false);
	}

	public static boolean isCommand(String... args) {
		for (String arg : args) {
			if (arg.equals("--bootstrap-admin") || arg.startsWith("--bootstrap-admin=")
					|| arg.startsWith("--grant-role=") || arg.equals("--report-drift") || arg.startsWith("--export=")
					|| arg.startsWith("--import=")) {
				return true;
			}
		}
		return false;
	}

}
