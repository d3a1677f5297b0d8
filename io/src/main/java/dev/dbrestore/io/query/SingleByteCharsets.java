package dev.dbrestore.io.query;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Locale;
import java.util.Map;

/**
 * The code point of every byte of a single-byte character set a chunk may hold text in, by the
 * character set's name in the manifest; multi-byte character sets (sjis, gbk, utf16, ...) have
 * no table here.
 */
final class SingleByteCharsets {
  /** The server's name for a character set, and the JVM's name for the same table. */
  private static final Map<String, String> JAVA_NAMES =
      Map.ofEntries(
          Map.entry("latin1", "windows-1252"),
          Map.entry("latin2", "ISO-8859-2"),
          Map.entry("latin5", "ISO-8859-9"),
          Map.entry("latin7", "ISO-8859-13"),
          Map.entry("greek", "ISO-8859-7"),
          Map.entry("hebrew", "ISO-8859-8"),
          Map.entry("cp1250", "windows-1250"),
          Map.entry("cp1251", "windows-1251"),
          Map.entry("cp1256", "windows-1256"),
          Map.entry("cp1257", "windows-1257"),
          Map.entry("cp850", "IBM850"),
          Map.entry("cp852", "IBM852"),
          Map.entry("cp866", "IBM866"),
          Map.entry("koi8r", "KOI8-R"),
          Map.entry("koi8u", "KOI8-U"),
          Map.entry("macroman", "x-MacRoman"),
          Map.entry("macce", "x-MacCentralEurope"),
          Map.entry("tis620", "TIS-620"),
          Map.entry("ascii", "US-ASCII"));

  private SingleByteCharsets() {}

  /**
   * The 256 code points of the character set, or null when it is not a single-byte set this
   * JVM can decode. A byte the set leaves undefined reads as U+FFFD, except in latin1, which
   * the server defines as cp1252 with its five holes (0x81, 0x8D, 0x8F, 0x90, 0x9D) mapped to
   * the C1 controls of the same number.
   */
  static int[] codePoints(String characterSet) {
    if (characterSet == null) {
      return null;
    }
    String javaName = JAVA_NAMES.get(characterSet.toLowerCase(Locale.ROOT));
    if (javaName == null || !Charset.isSupported(javaName)) {
      return null;
    }
    boolean latin1 = characterSet.equalsIgnoreCase("latin1");
    CharsetDecoder decoder =
        Charset.forName(javaName)
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int[] table = new int[256];
    for (int b = 0; b < 256; b++) {
      try {
        CharBuffer decoded = decoder.reset().decode(ByteBuffer.wrap(new byte[] {(byte) b}));
        table[b] = decoded.length() == 1 ? decoded.charAt(0) : 0xFFFD;
      } catch (CharacterCodingException undefined) {
        table[b] = latin1 ? b : 0xFFFD;
      }
    }
    return table;
  }

  /** Whether bytes 0 to 127 are ASCII, so that ASCII-only values can be read as UTF-8. */
  static boolean asciiCompatible(int[] table) {
    for (int b = 0; b < 128; b++) {
      if (table[b] != b) {
        return false;
      }
    }
    return true;
  }
}
