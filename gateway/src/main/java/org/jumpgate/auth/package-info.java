/**
 * Who may come in: public keys from per-user authorized_keys files (their options become the
 * limits of the user's certificate), a TOTP second factor (RFC 6238) that refuses a replayed
 * code, and account policy (disabled, expired) that tells a refused user why. Password
 * authentication does not exist here.
 */
package org.jumpgate.auth;
