/**
 * The only door to Ory Kratos. Everything that knows about the generated client
 * {@code sh.ory.kratos}, HTTP status codes or Kratos's JSON lives here; the rest of the
 * panel speaks the records and exceptions of this package.
 */
package net.stackspin.admin.kratos;
