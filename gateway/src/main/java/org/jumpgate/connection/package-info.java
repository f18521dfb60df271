/**
 * What one user connection is, in one object per user session: {@link
 * org.jumpgate.connection.UserConnection} (its id, when it was accepted and on which listener's
 * pin, the user's address, the key policy it authenticated with, whether its second factor was
 * remembered, its failed authentication attempts, its login-node link and the reasons its channel
 * opens were refused), made by {@code server} when MINA creates the session and read by every
 * package through {@link org.jumpgate.connection.UserConnection#of}. A ground floor beside {@code
 * common}: its fields are typed with values of its own ({@link org.jumpgate.connection.KeyPolicy})
 * or small interfaces the higher packages implement ({@link org.jumpgate.connection.LoginLink}),
 * so it depends on MINA and on no other package of jumpgate, and every package may use it.
 */
@NullMarked
package org.jumpgate.connection;

import org.jspecify.annotations.NullMarked;
