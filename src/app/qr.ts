/**
 * The QR code the projector shows beside the pairing code, as one SVG path the
 * page draws itself (no markup crosses to the page, only the path's letters).
 * qrcode-generator does the encoding: Reed-Solomon codes and mask selection are
 * easy to get subtly wrong by hand, and it has no dependencies.
 */
import qrcode from "qrcode-generator";

export interface QrPath {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** SVG path data: one unit square per dark module, in a `size` × `size` box. */
  path: string;
}

export function qrPath(text: string): QrPath {
  // Level M survives a projector's glare and a phone held at an angle; 0 picks the smallest version that fits.
  const code = qrcode(0, "M");
  code.addData(text, "Byte");
  code.make();
  const size = code.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!code.isDark(row, col)) {
        col++;
        continue;
      }
      // A run of dark modules on a row is one rectangle: the path stays a few kilobytes.
      const start = col;
      while (col < size && code.isDark(row, col)) col++;
      parts.push(`M${start} ${row}h${col - start}v1h-${col - start}z`);
    }
  }
  return { size, path: parts.join("") };
}
