package net.stackspin.admin.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * Static assets are served only under the paths they live in. Spring Boot's default
 * catch-all {@code /**} mapping (switched off with
 * {@code spring.web.resources.add-mappings}) made the resource URL filter look every link
 * of a page up in the jar's static folders, which cost the identity list about 1 ms per
 * row.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		// versionless WebJar URLs (/webjars/bootstrap/css/bootstrap.min.css)
		registry.addResourceHandler("/webjars/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/")
			.resourceChain(true)
			.addResolver(new LiteWebJarsResourceResolver());
		// a resource chain caches each link's lookup instead of searching the jar per
		// link
		registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/").resourceChain(true);
		registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/").resourceChain(true);
	}

}
