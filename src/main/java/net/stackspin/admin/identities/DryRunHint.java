package net.stackspin.admin.identities;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;

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
	 * The hint, if it is well formed and made for the file with this digest. Read by
	 * hand, not with a regular expression: Java's matcher recurses once per repeated
	 * group, so a long hint (thousands of ranges) would overflow the request thread's
	 * stack.
	 */
	static Optional<DryRunHint> parse(String text, String digest) {
		if (text == null || !text.strip().startsWith(digest + ":")) {
			return Optional.empty();
		}
		String ranges = text.strip().substring(digest.length() + 1);
		if (ranges.isEmpty()) {
			return Optional.of(new DryRunHint(new int[0], new int[0]));
		}
		String[] parts = ranges.split(",", -1);
		int[] from = new int[parts.length];
		int[] to = new int[parts.length];
		int last = 0;
		for (int i = 0; i < parts.length; i++) {
			String[] ends = parts[i].split("-", -1);
			int start = line(ends[0]);
			int end = (ends.length == 2) ? line(ends[1]) : start;
			// ascending and disjoint, as encode writes them: anything else is not ours
			if (ends.length > 2 || start <= last || end < start) {
				return Optional.empty();
			}
			from[i] = start;
			to[i] = end;
			last = end;
		}
		return Optional.of(new DryRunHint(from, to));
	}

	/** A line number: 1 to 9 digits, else -1. */
	private static int line(String text) {
		if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return -1;
		}
		return Integer.parseInt(text);
	}

}
