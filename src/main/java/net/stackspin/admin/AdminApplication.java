package net.stackspin.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Stackspin Admin: the web panel in which Stackspin administrators manage the users kept
 * in Ory Kratos.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AdminApplication {

	public static void main(String[] args) {
		SpringApplication.run(AdminApplication.class, args);
	}

}
