/**
 * Taking a workbook's zip apart and putting it back together, damaged on
 * purpose: parts removed, duplicated or added, counts in the end record that
 * disagree. Only for tests: it writes what it is told, however wrong.
 */
import zlib from "node:zlib";

export interface CraftPart {
  name: string;
  /** The bytes as stored (deflated when method is 8). */
  stored: Buffer;
  method: number;
  crc: number;
  size: number;
}

/** The parts of a well-formed zip, by its central directory. */
export function zipParts(bytes: Buffer): CraftPart[] {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const parts: CraftPart[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    parts.push({
      name: bytes.toString("utf8", at + 46, at + 46 + nameLength),
      stored: bytes.subarray(start, start + compressedSize),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      size: bytes.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return parts;
}

/** A part deflated from its content, with its true checksum and size. */
export function deflatedPart(name: string, content: Buffer | string): CraftPart {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { name, stored: zlib.deflateRawSync(data), method: 8, crc: zlib.crc32(data) >>> 0, size: data.length };
}

/** The inflated content of a part. */
export function partContent(part: CraftPart): Buffer {
  return part.method === 8 ? zlib.inflateRawSync(part.stored) : part.stored;
}

export interface ZipLies {
  /** "Entries on this disk" in the end record (the count SheetJS reads). */
  onThisDisk?: number;
  /** "Total entries" in the end record. */
  total?: number;
}

/** Writes the parts as a zip: local headers and data in order, then the directory and the end record. */
export function buildZip(parts: CraftPart[], lies: ZipLies = {}): Buffer {
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.stored.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.method, 10);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(part.stored.length, 20);
    central.writeUInt32LE(part.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    chunks.push(local, name, part.stored);
    directory.push(central, name);
    offset += 30 + name.length + part.stored.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(lies.onThisDisk ?? parts.length, 8);
  end.writeUInt16LE(lies.total ?? parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directoryBytes, end]);
}

/**
 * A part of `size` zero bytes (a whole number of mebibytes), built without ever
 * holding them: one mebibyte deflated and sync-flushed (no final block) is a
 * valid piece of a longer stream, repeated, then an empty final block.
 */
export function zerosPart(name: string, size: number): CraftPart {
  const block = Buffer.alloc(1024 * 1024);
  if (size % block.length) throw new Error("zerosPart takes whole mebibytes");
  const piece = zlib.deflateRawSync(block, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const count = size / block.length;
  let crc = 0;
  for (let i = 0; i < count; i++) crc = zlib.crc32(block, crc);
  const stored = Buffer.concat([...Array.from({ length: count }, () => piece), zlib.deflateRawSync(Buffer.alloc(0))]);
  return { name, stored, method: 8, crc: crc >>> 0, size };
}
