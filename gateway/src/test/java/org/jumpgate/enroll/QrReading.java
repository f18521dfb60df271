package org.jumpgate.enroll;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reads a QR code back as a phone would see it: the terminal text as the terminal shows it
 * (characters in the text colour, the rest background), or a PNG image, decoded by ZXing's
 * QR reader with no hint that the picture is a clean code.
 */
public final class QrReading {

    private static final int PIXELS_PER_MODULE = 4;

    private QrReading() {
    }

    /**
     * What a terminal showing {@code text} looks like, as a grey image: {@code lightText} for
     * light text on a dark background, else dark text on light. Each character is one module wide
     * and two high: {@code █} both halves text colour, {@code ▀} the upper, {@code ▄} the lower,
     * a space neither.
     */
    public static String decodeTerminal(List<String> lines, boolean lightText) throws Exception {
        int width = lines.get(0).length();
        int height = lines.size() * 2;
        int[] pixels = new int[width * height * PIXELS_PER_MODULE * PIXELS_PER_MODULE];
        for (int row = 0; row < lines.size(); row++) {
            String line = lines.get(row);
            if (line.length() != width) {
                throw new IllegalArgumentException("line " + (row + 1) + " is " + line.length() + " wide, not " + width);
            }
            for (int x = 0; x < width; x++) {
                char c = line.charAt(x);
                boolean upper = c == '\u2588' || c == '\u2580';
                boolean lower = c == '\u2588' || c == '\u2584';
                if (!upper && !lower && c != ' ') {
                    throw new IllegalArgumentException("line " + (row + 1) + " has '" + c + "'");
                }
                paint(pixels, width, x, 2 * row, upper == lightText);
                paint(pixels, width, x, 2 * row + 1, lower == lightText);
            }
        }
        return decode(new RGBLuminanceSource(width * PIXELS_PER_MODULE, height * PIXELS_PER_MODULE, pixels));
    }

    /** The text of the QR code in a PNG image. */
    public static String decodePng(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            throw new IOException("not an image");
        }
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return decode(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels));
    }

    private static void paint(int[] pixels, int modulesWide, int x, int y, boolean light) {
        int stride = modulesWide * PIXELS_PER_MODULE;
        for (int dy = 0; dy < PIXELS_PER_MODULE; dy++) {
            for (int dx = 0; dx < PIXELS_PER_MODULE; dx++) {
                pixels[(y * PIXELS_PER_MODULE + dy) * stride + x * PIXELS_PER_MODULE + dx] = light ? 0xffffff : 0x000000;
            }
        }
    }

    private static String decode(LuminanceSource source) throws Exception {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }
}
