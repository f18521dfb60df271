package org.jumpgate.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QrCodeTest {

    private static final String URI = "otpauth://totp/Mila:ada?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Mila"
            + "&algorithm=SHA1&digits=6&period=30";

    @Test
    void terminalCodeScansOnALightOnDarkTerminal() throws Exception {
        List<String> lines = QrCode.of(URI).terminalText(false).lines().toList();
        assertThat(QrReading.decodeTerminal(lines, true)).isEqualTo(URI);
    }

    @Test
    void invertedTerminalCodeScansOnADarkOnLightTerminal() throws Exception {
        List<String> lines = QrCode.of(URI).terminalText(true).lines().toList();
        assertThat(QrReading.decodeTerminal(lines, false)).isEqualTo(URI);
    }

    @Test
    void colorsMatterWhichIsWhyInvertExists() {
        // the same text on a dark-on-light terminal is a negative image: ZXing does not read it, nor do some phone apps
        List<String> lines = QrCode.of(URI).terminalText(false).lines().toList();
        assertThatThrownBy(() -> QrReading.decodeTerminal(lines, false))
                .isInstanceOf(com.google.zxing.NotFoundException.class);
    }

    @Test
    void terminalCodeHasTwoModuleRowsPerLineAndAFourModuleQuietZone() {
        QrCode qr = QrCode.of(URI);
        List<String> lines = qr.terminalText(false).lines().toList();
        int n = qr.size();
        assertThat(lines).hasSize((n + 1) / 2).allSatisfy(l -> assertThat(l).hasSize(n).matches("[ \u2580\u2584\u2588]+"));
        // light text colour: the quiet zone is full blocks, 2 lines above, 4 columns each side
        assertThat(lines.get(0)).matches("\u2588+");
        assertThat(lines.get(1)).matches("\u2588+");
        assertThat(lines.get(2)).startsWith("\u2588".repeat(4)).endsWith("\u2588".repeat(4));
        assertThat(lines.get(2).charAt(4)).isNotEqualTo('\u2588'); // the finder pattern's dark corner
        // a 6-line URI of a 160-bit secret fits an 80-column terminal
        assertThat(n).isLessThanOrEqualTo(80);
        for (int i = 0; i < QrCode.QUIET_ZONE; i++) {
            assertThat(qr.isDark(i, n / 2)).isFalse();
            assertThat(qr.isDark(n - 1 - i, n / 2)).isFalse();
        }
    }

    @Test
    void pngScans() throws Exception {
        assertThat(QrReading.decodePng(QrCode.of(URI).png())).isEqualTo(URI);
    }

    @Test
    void textTooLongForAQrCodeIsRefused() {
        assertThatThrownBy(() -> QrCode.of("x".repeat(8000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8000 characters");
    }
}
