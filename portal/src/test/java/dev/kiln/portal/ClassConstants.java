package dev.kiln.portal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the UTF-8 entries of a class file's constant pool: every string literal and text block the
 * class holds (concatenated constants are folded into one), and its annotations' string values. The
 * format is in the JVM specification, chapter 4.4.
 */
final class ClassConstants {

  private ClassConstants() {}

  static List<String> utf8(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    List<String> strings = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> strings.add(in.readUTF()); // the JVM's modified UTF-8, as readUTF expects
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // class, string, method type, module, package
        case 15 -> in.skipNBytes(3); // method handle
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // numbers, references, dynamics
        case 5, 6 -> {
          in.skipNBytes(8); // long and double take two entries
          i++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return strings;
  }
}
