/**
 * Getting a user's TOTP secret into their phone: {@code jumpgate totp enroll} makes the secret,
 * writes it where {@code auth.totpSecrets} says (0600, atomically, never over an existing one
 * unless asked), and shows it as an {@code otpauth://} URI ({@link OtpAuthUri}, Google
 * Authenticator's key URI format) and as a QR code ({@link QrCode}) drawn in the terminal with
 * half blocks, or written as a PNG image. The secret is shown to the operator, never logged.
 */
package org.jumpgate.enroll;
