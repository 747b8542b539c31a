package net.stackspin.admin.kratos;

import java.time.Instant;

/**
 * A message Kratos's courier queued for a user (recovery, verification...). Its body is
 * never read: it may hold a code.
 *
 * @param id Kratos's message id
 * @param recipient the address
 * @param status {@code queued}, {@code processing}, {@code sent} or {@code abandoned}
 * @param templateType e.g. {@code recovery_code_valid}
 * @param subject the subject line
 * @param sendCount how often the courier tried
 * @param createdAt when it was queued
 * @param updatedAt when its status last changed
 */
public record CourierMessage(String id, String recipient, String status, String templateType, String subject,
		int sendCount, Instant createdAt, Instant updatedAt) {
}
