package net.stackspin.admin.kratos;

/**
 * What Kratos's batch endpoint answered for one entry. In v1.3.1 an entry answered
 * {@code create} may not be stored (a conflict elsewhere in the batch rolls back the
 * whole transaction): check with {@link KratosIdentities#existingIds} before trusting it.
 *
 * @param id the id Kratos gave the entry, or {@code null} when it answered with an error
 * @param status the HTTP status of an entry's error (400 schema, 409 conflict), 0 when
 * created
 * @param reason Kratos's reason for an error, or {@code null}
 */
public record BatchRow(String id, int status, String reason) {

	public boolean created() {
		return this.id != null;
	}

}
