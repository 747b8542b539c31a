package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dry run's verdict "these lines hold users that exist", which the preview page's
 * import form carries back ({@code existing}) so the import need not look every row up
 * again: {@code digest:ranges}, e.g. {@code 3f2a9c0d11e4b7a8:12,15-20}. The digest (the
 * first {@value #DIGEST_HEX} hex digits of the file's SHA-256) binds it to the file it
 * was made for; a hint for another file, malformed or absent is ignored (every row is
 * looked up, as without a dry run).
 * <p>
 * It is a hint, never trusted: a named line is looked up (a false "exists" is corrected),
 * and an unnamed one that Kratos refuses as taken is looked up then. So it needs no
 * signature and no server-side state, and any replica can take the import form of a
 * preview another replica made.
 */
final class DryRunHint {

	static final int DIGEST_HEX = 16;

	private static final Pattern FORMAT = Pattern
		.compile("[0-9a-f]{" + DIGEST_HEX + "}:(\\d+(-\\d+)?(,\\d+(-\\d+)?)*)?");

	/** Ascending, disjoint ranges of lines: {@code from[i]} to {@code to[i]}. */
	private final int[] from;

	private final int[] to;

	private DryRunHint(int[] from, int[] to) {
		this.from = from;
		this.to = to;
	}

	/** Whether the dry run found this line's user existing. */
	boolean names(int line) {
		int index = Arrays.binarySearch(this.from, line);
		if (index >= 0) {
			return true;
		}
		int before = -index - 2;
		return before >= 0 && line <= this.to[before];
	}

	/** The file's digest, as the hint carries it. */
	static String digest(IdentityImport.Source source) {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java has SHA-256", ex);
		}
		try (InputStream in = source.open();
				OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return HexFormat.of().formatHex(sha256.digest()).substring(0, DIGEST_HEX);
	}

	/** The hint naming these lines of the file with this digest. */
	static String encode(String digest, Collection<Integer> lines) {
		int[] sorted = lines.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
		StringBuilder text = new StringBuilder(digest).append(':');
		for (int i = 0; i < sorted.length; i++) {
			int start = sorted[i];
			while (i + 1 < sorted.length && sorted[i + 1] == sorted[i] + 1) {
				i++;
			}
			if (text.charAt(text.length() - 1) != ':') {
				text.append(',');
			}
			text.append(start);
			if (sorted[i] != start) {
				text.append('-').append(sorted[i]);
			}
		}
		return text.toString();
	}

	/**
	 * The hint, if it is well formed and made for the file with this digest.
	 */
	static Optional<DryRunHint> parse(String text, String digest) {
		if (text == null || !FORMAT.matcher(text.strip()).matches()) {
			return Optional.empty();
		}
		String hint = text.strip();
		if (!hint.startsWith(digest + ":")) {
			return Optional.empty();
		}
		String ranges = hint.substring(DIGEST_HEX + 1);
		if (ranges.isEmpty()) {
			return Optional.of(new DryRunHint(new int[0], new int[0]));
		}
		List<int[]> parsed = new ArrayList<>();
		int last = 0;
		for (String range : ranges.split(",")) {
			String[] ends = range.split("-");
			try {
				int start = Integer.parseInt(ends[0]);
				int end = (ends.length == 2) ? Integer.parseInt(ends[1]) : start;
				// ascending and disjoint, as encode writes them: anything else is not
				// ours
				if (start <= last || end < start) {
					return Optional.empty();
				}
				parsed.add(new int[] { start, end });
				last = end;
			}
			catch (NumberFormatException ex) {
				return Optional.empty();
			}
		}
		return Optional.of(new DryRunHint(parsed.stream().mapToInt((range) -> range[0]).toArray(),
				parsed.stream().mapToInt((range) -> range[1]).toArray()));
	}

}
