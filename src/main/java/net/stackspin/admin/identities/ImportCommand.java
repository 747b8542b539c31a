package net.stackspin.admin.identities;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import net.stackspin.admin.audit.AuditTrail;
import net.stackspin.admin.kratos.KratosException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code --import=FILE [--dry-run] [--invite]}: imports users from a CSV or JSON Lines
 * file as the panel's import page does, printing one tab-separated line per row
 * ({@code line, outcome, identifier, id, column, message[, welcome e-mail]}) and the
 * totals. Exit code 0 when every row was created or skipped (or would be, in a dry run),
 * 3 when some rows have errors or failed, 1 when the file or Kratos could not be read
 * (nothing more was imported), 2 for {@code --invite} without a mail server.
 */
@Component
class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String OPTION = "import";

	static final String DRY_RUN_OPTION = "dry-run";

	static final String INVITE_OPTION = "invite";

	private final IdentityImport importer;

	private final AuditTrail audit;

	private int exitCode;

	ImportCommand(IdentityImport importer, AuditTrail audit) {
		this.importer = importer;
		this.audit = audit;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> files = args.getOptionValues(OPTION);
		if (files == null || files.isEmpty()) {
			return;
		}
		this.exitCode = run(Path.of(files.get(0)), args.containsOption(DRY_RUN_OPTION),
				args.containsOption(INVITE_OPTION), System.out, System.err);
	}

	int run(Path file, boolean dryRun, boolean invite, PrintStream out, PrintStream err) {
		if (!Files.isReadable(file)) {
			err.println("Cannot read " + file);
			return 1;
		}
		if (invite && !this.importer.canInvite()) {
			err.println(message(net.stackspin.admin.identities.Problem.of("import.error.noMail")));
			return 2;
		}
		IdentityImport.Mode mode = dryRun ? IdentityImport.Mode.DRY_RUN : IdentityImport.Mode.COMMIT;
		try {
			if (!StandardCharsets.UTF_8.equals(this.importer.readAll(() -> Files.newInputStream(file)))) {
				// never silent: as the web preview's notice
				err.println(
						"The file is not UTF-8: read as Windows-1252 (Excel's plain CSV). Check names with accents.");
			}
			IdentityImport.Totals totals = this.importer.run(() -> Files.newInputStream(file), mode, invite,
					(row) -> out.println(line(row, invite)));
			if (dryRun) {
				out.println("totals\trows=" + totals.rows() + "\tcreate=" + totals.count(IdentityImport.Outcome.CREATE)
						+ "\tskip=" + totals.count(IdentityImport.Outcome.SKIP) + "\terror="
						+ totals.count(IdentityImport.Outcome.ERROR));
			}
			else {
				out.println("totals\trows=" + totals.rows() + "\tcreated="
						+ totals.count(IdentityImport.Outcome.CREATED) + "\tskipped="
						+ totals.count(IdentityImport.Outcome.SKIP) + "\terror="
						+ totals.count(IdentityImport.Outcome.ERROR) + "\tfailed="
						+ totals.count(IdentityImport.Outcome.FAILED)
						+ (invite
								? "\tinvited=" + totals.invited() + "\tinvitations_failed=" + totals.invitationsFailed()
								: ""));
				ImportAudit.record(this.audit.event("identity.import").actor(null, "command-line", null), totals,
						"success");
			}
			return totals.allFine() ? 0 : 3;
		}
		catch (ImportFile.Refused ex) {
			err.println(message(ex.problem()));
			return 1;
		}
		catch (KratosException ex) {
			err.println("Kratos did not answer; rows not printed above were not imported: " + ex.getMessage());
			if (!dryRun) {
				ImportAudit.record(this.audit.event("identity.import").actor(null, "command-line", null), null,
						"incomplete");
			}
			return 1;
		}
		catch (java.io.UncheckedIOException ex) {
			err.println("Could not read " + file + ": " + ex.getCause().getMessage());
			return 1;
		}
	}

	private String line(IdentityImport.RowResult row, boolean invite) {
		return row.line() + "\t" + row.outcome().text() + "\t" + row.identifier() + "\t" + row.id() + "\t" + row.field()
				+ "\t" + message(row.problem()) + (invite ? "\t" + row.invitation() : "");
	}

	private String message(Problem problem) {
		return this.importer.message(problem, Locale.ENGLISH);
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
