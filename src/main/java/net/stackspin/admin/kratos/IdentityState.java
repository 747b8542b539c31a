package net.stackspin.admin.kratos;

/** Whether an identity may sign in. */
public enum IdentityState {

	ACTIVE, INACTIVE

}
