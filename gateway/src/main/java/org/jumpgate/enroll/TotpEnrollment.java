package org.jumpgate.enroll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;
import java.util.function.Supplier;
import org.jumpgate.auth.Totp;
import org.jumpgate.common.HostNames;
import org.jumpgate.common.PrintableText;
import org.jumpgate.config.AuthConfig;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.keys.KeyFiles;

/**
 * Makes a user's TOTP secret and writes it where the gateway reads it ({@code auth.totpSecrets}),
 * mode 0600, atomically (a temporary file in the same directory, then a rename), so the gateway
 * never reads half a secret. An existing secret is kept unless {@code reset} says to replace it.
 *
 * <p>The directory must exist: whoever made it decided who owns the secrets. The new file is
 * given the owner and group of its directory (the gateway's user, when the operator runs this as
 * root), as a file the gateway cannot read refuses its user.
 */
public final class TotpEnrollment {

    /** Why nothing was written: one line for the operator, and whether it is bad usage or config (exit 2) or not (exit 1). */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean usage;

        Refusal(String message, boolean usage) {
            super(message);
            this.usage = usage;
        }

        /** True for a bad user name or a config that has no TOTP: exit status 2. */
        public boolean usage() {
            return usage;
        }
    }

    /**
     * What was written: the user's secrets {@code file}, whether it {@code replaced} an earlier
     * secret, the file's {@code owner}, the base32 {@code secret} and its {@code uri}.
     */
    public record Enrolled(String user, Path file, boolean replaced, String owner, String secret, OtpAuthUri uri) {

        /** Never the secret. */
        @Override
        public String toString() {
            return "Enrolled[" + user + ", " + file + (replaced ? ", replaced" : "") + ", owner " + owner + "]";
        }
    }

    private final PathTemplate secrets;
    private final String issuer;

    private TotpEnrollment(PathTemplate secrets, String issuer) {
        this.secrets = secrets;
        this.issuer = issuer;
    }

    /** Enrollment for a gateway with this {@code auth} section; the issuer defaults to this host's name. */
    public static TotpEnrollment of(AuthConfig auth) throws Refusal {
        return of(auth, HostNames::local);
    }

    static TotpEnrollment of(AuthConfig auth, Supplier<String> hostName) throws Refusal {
        if (auth.secondFactor() != AuthConfig.SecondFactor.TOTP) {
            throw new Refusal("auth.secondFactor is " + auth.secondFactor().key()
                    + ": TOTP is not in use on this gateway, the site's MFA answers the code step", true);
        }
        if (auth.totpSecrets() == null) {
            throw new Refusal("auth.totpSecrets is not set: this gateway asks no TOTP code (auth.methods is '"
                    + auth.methods() + "')", true);
        }
        String issuer = auth.totpIssuer() != null && !auth.totpIssuer().isBlank() ? auth.totpIssuer() : hostName.get();
        return new TotpEnrollment(auth.totpSecrets(), Objects.requireNonNull(issuer, "issuer"));
    }

    /** The issuer authenticator apps will show. */
    public String issuer() {
        return issuer;
    }

    /** Where {@code user}'s secret is (or would be); throws a usage refusal for a name that is not a user name. */
    public Path fileOf(String user) throws Refusal {
        if (!PathTemplate.isValidUserName(user)) {
            throw new Refusal("'" + PrintableText.of(user, 64) + "' is not a valid user name, expected "
                    + PathTemplate.USER_NAME.pattern() + " (lower case, as useradd makes them)", true);
        }
        return secrets.resolve(user);
    }

    /**
     * Makes and writes a new secret for {@code user}.
     *
     * @param reset replace an existing secret (the user's phone then makes wrong codes until
     *              they scan the new one); without it an existing secret is a refusal
     */
    public Enrolled enroll(String user, boolean reset) throws Refusal, IOException {
        Path file = fileOf(user);
        boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (exists && !reset) {
            throw new Refusal(user + " already has a TOTP secret (" + file
                    + "); --reset replaces it, and the codes of the phone that has it stop working", false);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new Refusal(dir + " does not exist: make it for the gateway's user, e.g. install -d -m 0700 "
                    + "-o jumpgate -g jumpgate " + dir, false);
        }
        String secret = Totp.newSecret();
        KeyFiles.writeSecret(file, secret + "\n");
        String owner = giveToOwnerOf(dir, file);
        return new Enrolled(user, file, exists, owner, secret, new OtpAuthUri(issuer, user, secret));
    }

    /**
     * Gives {@code file} the owner and group of {@code dir} when its owner differs (the operator
     * runs this as root, the directory is the gateway user's), and returns the owner's name.
     */
    private static String giveToOwnerOf(Path dir, Path file) throws IOException {
        PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!view.readAttributes().owner().equals(d.owner())) {
            try {
                view.setOwner(d.owner());
                view.setGroup(d.group());
            } catch (IOException e) {
                throw new IOException("the secret is in " + file + ", but it could not be given to "
                        + d.owner().getName() + ", who owns " + dir + " (" + e.getMessage()
                        + "): the gateway may not be able to read it", e);
            }
        }
        return d.owner().getName();
    }
}
