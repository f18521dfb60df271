package org.jumpgate.enroll;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A QR code (ZXing's encoder, error correction level M) with its quiet zone of
 * {@value #QUIET_ZONE} light modules on every side, drawn for a terminal or as a PNG image.
 *
 * <p>In a terminal each character is one module wide and two high, with the half blocks
 * {@code ▀ ▄ █} and spaces, as {@code qrencode -t UTF8} draws: the <em>light</em> modules (the
 * quiet zone too) are drawn in the terminal's text colour and the dark ones left as its
 * background. That is dark on light, as scanners want, on the usual terminal with light text
 * on a dark background. On a terminal with dark text on a light background, {@code inverted}
 * draws the dark modules instead (as {@code qrencode -t UTF8i}); the PNG image is black on white
 * either way.
 */
public final class QrCode {

    /** Light modules around the code, as the QR standard asks. */
    public static final int QUIET_ZONE = 4;
    /** Pixels per module in the PNG image. */
    public static final int PNG_MODULE_PIXELS = 8;

    private static final char UPPER = '\u2580';
    private static final char LOWER = '\u2584';
    private static final char FULL = '\u2588';

    private final BitMatrix modules;

    private QrCode(BitMatrix modules) {
        this.modules = modules;
    }

    /** The QR code of {@code text}, quiet zone included. */
    public static QrCode of(String text) {
        try {
            // width and height 0: one bit per module, the quiet zone added around
            return new QrCode(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE)));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot make a QR code of " + text.length() + " characters: "
                    + e.getMessage(), e);
        }
    }

    /** Modules per side, quiet zone included. */
    public int size() {
        return modules.getWidth();
    }

    /** Whether the module at column {@code x}, row {@code y} (quiet zone included) is dark. */
    public boolean isDark(int x, int y) {
        return modules.get(x, y);
    }

    /**
     * The code as terminal text: {@code (size + 1) / 2} lines of {@link #size()} characters, each
     * ending with a newline.
     *
     * @param inverted draw the dark modules in the text colour, for dark-on-light terminals
     */
    public String terminalText(boolean inverted) {
        int n = size();
        StringBuilder sb = new StringBuilder((n + 1) * (n + 1) / 2);
        for (int y = 0; y < n; y += 2) {
            for (int x = 0; x < n; x++) {
                boolean top = drawn(x, y, inverted);
                boolean bottom = drawn(x, y + 1, inverted);
                sb.append(top ? (bottom ? FULL : UPPER) : (bottom ? LOWER : ' '));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Whether the half cell at {@code (x, y)} is drawn in the text colour; the row below the last is not. */
    private boolean drawn(int x, int y, boolean inverted) {
        return y < size() && isDark(x, y) == inverted;
    }

    /** The code as a black on white PNG image, {@value #PNG_MODULE_PIXELS} pixels per module. */
    public byte[] png() {
        int n = size();
        BufferedImage image = new BufferedImage(n * PNG_MODULE_PIXELS, n * PNG_MODULE_PIXELS, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, isDark(x / PNG_MODULE_PIXELS, y / PNG_MODULE_PIXELS) ? 0x000000 : 0xffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this Java has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory", e);
        }
        return out.toByteArray();
    }
}
