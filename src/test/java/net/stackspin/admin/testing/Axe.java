package net.stackspin.admin.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.WebDriver;

/**
 * Deque's axe-core (the {@code axe.min.js} that {@code com.deque.html.axe-core:selenium}
 * bundles) run on the page a browser shows: every rule axe has (WCAG 2.0/2.1 A and AA and
 * best practices), and the violations whose impact is serious or critical, each with the
 * elements it found, as lines a failing assertion can print.
 */
public final class Axe {

	private static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");

	private Axe() {
	}

	public static List<String> seriousViolations(WebDriver driver) {
		// the pages have no frames: axe runs in the page itself, without the extra window
		// its
		// frame-by-frame mode opens to put the results together
		Results results = new AxeBuilder().disableIframeTesting().analyze(driver);
		if (results.isErrored()) {
			throw new IllegalStateException(
					"axe-core could not check " + driver.getCurrentUrl() + ": " + results.getErrorMessage());
		}
		List<String> found = new ArrayList<>();
		for (Rule rule : results.getViolations()) {
			if (!FAILING_IMPACTS.contains(rule.getImpact())) {
				continue;
			}
			for (CheckedNode node : rule.getNodes()) {
				found.add(rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at " + node.getTarget()
						+ " " + node.getHtml());
			}
		}
		return found;
	}

}
