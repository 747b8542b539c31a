package net.stackspin.admin.kratos;

/** Kratos has no identity with this id (it never existed, or it was deleted). */
public class IdentityNotFoundException extends KratosException {

	private final String identityId;

	public IdentityNotFoundException(String identityId) {
		super("No identity with id " + identityId);
		this.identityId = identityId;
	}

	public String getIdentityId() {
		return this.identityId;
	}

}
