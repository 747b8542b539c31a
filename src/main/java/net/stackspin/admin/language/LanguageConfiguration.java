package net.stackspin.admin.language;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The page language: the footer's switch ({@code ?lang=nl}, remembered in a cookie), else
 * the browser's {@code Accept-Language}, else {@code stackspin.ui.default-language}.
 * Always one of {@link Languages#SUPPORTED}, so {@code <html lang>} names the language
 * actually rendered.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UiProperties.class)
class LanguageConfiguration implements WebMvcConfigurer {

	static final String COOKIE_NAME = "stackspin_lang";

	static final String PARAMETER = "lang";

	@Bean(name = DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
	LocaleResolver localeResolver(UiProperties properties) {
		Locale defaultLocale = properties.defaultLocale();
		SupportedLanguageResolver resolver = new SupportedLanguageResolver(
				(request) -> Languages.fromAcceptLanguage(request, defaultLocale));
		resolver.setCookieMaxAge(Duration.ofDays(365));
		resolver.setCookieSameSite("Lax");
		resolver.setCookieHttpOnly(true);
		resolver.setRejectInvalidCookies(true);
		return resolver;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
		interceptor.setParamName(PARAMETER);
		interceptor.setIgnoreInvalidLocale(true);
		registry.addInterceptor(interceptor);
	}

	/** Keeps a cookie or switch naming a language the pages lack from reaching a page. */
	private static final class SupportedLanguageResolver extends CookieLocaleResolver {

		private final Function<HttpServletRequest, Locale> fromRequest;

		SupportedLanguageResolver(Function<HttpServletRequest, Locale> fromRequest) {
			super(COOKIE_NAME);
			this.fromRequest = fromRequest;
			setDefaultLocaleFunction(fromRequest);
		}

		@Override
		public Locale resolveLocale(HttpServletRequest request) {
			Locale resolved = super.resolveLocale(request);
			Locale supported = Languages.supportedOrNull(resolved);
			return (supported != null) ? supported : this.fromRequest.apply(request);
		}

		@Override
		public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
			Locale supported = Languages.supportedOrNull(locale);
			if (supported != null) {
				super.setLocale(request, response, supported);
			}
		}

	}

}
