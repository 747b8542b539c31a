package net.stackspin.admin.identities;

import java.io.PrintStream;
import java.util.Locale;

import net.stackspin.admin.kratos.KratosException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code --report-drift}: the schema-drift report for operators and scripts. One
 * tab-separated line per drifted identity ({@code drift id schema field problem}), then
 * {@code checked N drifted M}. Exit code 0 when every identity fits its schema, 3 when
 * some do not, 1 when Kratos could not be read.
 */
@Component
class SchemaDriftCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String OPTION = "report-drift";

	static final int DRIFT_FOUND = 3;

	private final SchemaDriftScan scan;

	private int exitCode;

	SchemaDriftCommand(SchemaDriftScan scan) {
		this.scan = scan;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (args.containsOption(OPTION)) {
			this.exitCode = report(System.out, System.err);
		}
	}

	/** Writes the report; returns the exit code. */
	int report(PrintStream out, PrintStream err) {
		try {
			SchemaDriftScan.Totals totals = this.scan.scan(Locale.ENGLISH, (drifted) -> out.println(String.join("\t",
					"drift", drifted.id(), drifted.schemaId(), oneLine(drifted.field()), oneLine(drifted.problem()))),
					out::flush);
			out.println("checked\t" + totals.checked() + "\tdrifted\t" + totals.drifted());
			out.flush();
			return (totals.drifted() == 0) ? 0 : DRIFT_FOUND;
		}
		catch (KratosException ex) {
			err.println("Could not read the identities from Kratos: " + ex.getMessage());
			return 1;
		}
	}

	/** Tabs and line breaks would split the machine-readable line. */
	private static String oneLine(String text) {
		return text.replaceAll("[\\t\\r\\n]+", " ");
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
