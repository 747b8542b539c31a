package net.stackspin.admin.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import net.stackspin.admin.auth.SecurityConfiguration;
import net.stackspin.admin.kratos.KratosConfiguration;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import net.stackspin.admin.audit.AuditTrail;
import org.springframework.core.annotation.AliasFor;

/**
 * A web-layer slice for the given controllers with the panel's real security
 * configuration. Use {@link SignedIn#admin()} for requests of a signed-in administrator,
 * and {@code csrf()} for POSTs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@Import({ SecurityConfiguration.class, KratosConfiguration.class, AuditTrail.class })
public @interface AdminWebMvcTest {

	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value() default {};

}
