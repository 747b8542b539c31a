package net.stackspin.admin.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.HtmlUtils;

/**
 * What a browser would submit for a server-rendered form, read from its HTML: inputs with
 * their values (checkboxes only when checked), textareas, and the selected option of each
 * select (or the first). Enough for the panel's own markup, which Thymeleaf writes with
 * double-quoted attributes; not a general HTML parser.
 */
public final class HtmlForm {

	private static final Pattern CONTROL = Pattern.compile("<(input|textarea|select)\\b([^>]*)>", Pattern.DOTALL);

	private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"]*)\")?");

	private static final Pattern OPTION = Pattern.compile("<option\\b([^>]*)>", Pattern.DOTALL);

	private HtmlForm() {
	}

	/**
	 * The parameters the first {@code <form>} whose tag contains {@code marker} posts.
	 */
	public static MultiValueMap<String, String> params(String html, String marker) {
		int start = html.indexOf(marker);
		if (start < 0) {
			throw new IllegalArgumentException("no form with " + marker);
		}
		start = html.lastIndexOf("<form", start);
		int end = html.indexOf("</form>", start);
		String form = html.substring(start, end);
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		Matcher control = CONTROL.matcher(form);
		while (control.find()) {
			Map<String, String> attributes = attributes(control.group(2));
			String name = attributes.get("name");
			if (name == null || attributes.containsKey("disabled")) {
				continue;
			}
			String tag = control.group(1);
			if ("textarea".equals(tag)) {
				int close = form.indexOf("</textarea>", control.end());
				params.add(name, HtmlUtils.htmlUnescape(form.substring(control.end(), close)));
			}
			else if ("select".equals(tag)) {
				int close = form.indexOf("</select>", control.end());
				String selected = null;
				String first = null;
				Matcher option = OPTION.matcher(form.substring(control.end(), close));
				while (option.find()) {
					Map<String, String> optionAttributes = attributes(option.group(1));
					String value = optionAttributes.getOrDefault("value", "");
					first = (first != null) ? first : value;
					if (optionAttributes.containsKey("selected")) {
						selected = value;
					}
				}
				params.add(name, (selected != null) ? selected : (first != null) ? first : "");
			}
			else {
				String type = attributes.getOrDefault("type", "text");
				if (("checkbox".equals(type) || "radio".equals(type)) && !attributes.containsKey("checked")) {
					continue;
				}
				if ("submit".equals(type)) {
					continue;
				}
				params.add(name, attributes.getOrDefault("value", "on"));
			}
		}
		return params;
	}

	/**
	 * The value of attribute {@code name} of the first tag that contains {@code marker}
	 * (unescaped).
	 */
	public static String attribute(String html, String marker, String name) {
		int at = html.indexOf(marker);
		if (at < 0) {
			throw new IllegalArgumentException("no tag with " + marker);
		}
		int start = html.lastIndexOf('<', at);
		int end = html.indexOf('>', at);
		return attributes(html.substring(start + 1, end)).get(name);
	}

	private static Map<String, String> attributes(String text) {
		Map<String, String> attributes = new LinkedHashMap<>();
		Matcher attribute = ATTRIBUTE.matcher(text);
		while (attribute.find()) {
			String value = attribute.group(2);
			attributes.put(attribute.group(1), (value != null) ? HtmlUtils.htmlUnescape(value) : "");
		}
		return attributes;
	}

}
