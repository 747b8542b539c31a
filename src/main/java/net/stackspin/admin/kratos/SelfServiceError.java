package net.stackspin.admin.kratos;

/**
 * An error Kratos sent a browser to the error page with ({@code /self-service/errors}).
 *
 * @param code the HTTP status Kratos gave it
 * @param status the status text
 * @param message Kratos's general message
 * @param reason Kratos's more specific reason, possibly empty
 */
public record SelfServiceError(int code, String status, String message, String reason) {
}
