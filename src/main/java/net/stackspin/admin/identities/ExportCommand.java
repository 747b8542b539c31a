package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.stackspin.admin.kratos.KratosException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code --export=FILE [--export-format=csv|csv-semicolon|jsonl]}: every identity into a
 * file, as the panel's download writes it. The format defaults to the file's extension
 * ({@code .jsonl}) or CSV. Exit code 0 when complete, 1 when Kratos could not be read (or
 * stopped answering midway: the file then ends with the incomplete marker), 2 on a bad
 * format.
 */
@Component
class ExportCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String OPTION = "export";

	static final String FORMAT_OPTION = "export-format";

	private final IdentityExport export;

	private int exitCode;

	ExportCommand(IdentityExport export) {
		this.export = export;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> files = args.getOptionValues(OPTION);
		if (files == null || files.isEmpty()) {
			return;
		}
		List<String> formats = args.getOptionValues(FORMAT_OPTION);
		this.exitCode = export(Path.of(files.get(0)), (formats != null && !formats.isEmpty()) ? formats.get(0) : null,
				System.out, System.err);
	}

	int export(Path file, String formatName, PrintStream out, PrintStream err) {
		String name = (formatName != null) ? formatName
				: (file.getFileName().toString().endsWith(".jsonl") ? "jsonl" : "csv");
		IdentityExport.Format format = IdentityExport.Format.of(name).orElse(null);
		if (format == null) {
			err.println("--export-format must be csv, csv-semicolon or jsonl");
			return 2;
		}
		OutputStream[] opened = new OutputStream[1];
		try {
			IdentityExport.Result result = this.export.export(format, null, () -> {
				try {
					opened[0] = Files.newOutputStream(file);
					return opened[0];
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			if (!result.complete()) {
				err.println("Export incomplete: Kratos stopped answering after " + result.rows() + " users");
				return 1;
			}
			out.println("exported\t" + result.rows() + "\t" + file);
			return 0;
		}
		catch (KratosException ex) {
			err.println("Could not read the identities from Kratos: " + ex.getMessage());
			return 1;
		}
		catch (UncheckedIOException ex) {
			err.println("Could not write " + file + ": " + ex.getCause().getMessage());
			return 1;
		}
		finally {
			close(opened[0]);
		}
	}

	private static void close(OutputStream stream) {
		if (stream == null) {
			return;
		}
		try {
			stream.close();
		}
		catch (IOException ex) {
			// already reported by the write that failed, if any
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
