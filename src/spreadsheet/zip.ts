/**
 * Opening a returned workbook's zip as untrusted input. The end record, the
 * central directory and the local headers must tell one story: the same count,
 * the same names, methods and sizes, parts laid end to end with nothing hidden
 * between them, checksums that match. Parts are inflated once, each capped at
 * the size it declares and all of them at the limit, and only the parts checked
 * here are ever handed to the spreadsheet reader.
 */
import zlib from "node:zlib";
import { MatrizError } from "../domain/errors";
import { detailed, type DetailKey } from "../i18n";

export interface ZipLimits {
  /** Sum of the uncompressed parts. */
  unzippedBytes: number;
  entries: number;
}

export interface ZipPart {
  name: string;
  data: Buffer;
}

const END = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const END_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;

/** What is wrong with the archive, said in the user's language (detail.zip_*). */
type Corrupt = (key: DetailKey, params?: Record<string, string | number>) => MatrizError;
const corruption = (file: string): Corrupt => (key, params = {}) => new MatrizError("spreadsheet_corrupt", detailed(key, { file, ...params }));
/** A part that is wrong in one of the ways detail.zip_part names. */
const badPart = (corrupt: Corrupt, part: string, problem: string, params: Record<string, string | number> = {}) => corrupt("zip_part", { part, problem, ...params });

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The end record: the last signature whose comment reaches exactly the end of the file. */
function endRecord(bytes: Buffer, corrupt: Corrupt): number {
  for (let at = bytes.length - END_SIZE; at >= Math.max(0, bytes.length - END_SIZE - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === END && at + END_SIZE + bytes.readUInt16LE(at + 20) === bytes.length) return at;
  }
  throw corrupt("zip_truncated");
}

function centralEntries(bytes: Buffer, file: string, limits: ZipLimits): { entries: CentralEntry[]; directoryStart: number } {
  const corrupt = corruption(file);
  const end = endRecord(bytes, corrupt);
  const disk = bytes.readUInt16LE(end + 4);
  const directoryDisk = bytes.readUInt16LE(end + 6);
  const onThisDisk = bytes.readUInt16LE(end + 8);
  const total = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryStart = bytes.readUInt32LE(end + 16);
  if (disk !== 0 || directoryDisk !== 0) throw corrupt("zip_split");
  if (onThisDisk !== total) throw corrupt("zip_counts", { first: onThisDisk, second: total });
  if (total === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) throw corrupt("zip64");
  if (total > limits.entries) throw new MatrizError("spreadsheet_too_large", detailed("size_parts", { file, count: total }));
  if (directoryStart + directorySize !== end) throw corrupt("zip_directory_misplaced");
  const entries: CentralEntry[] = [];
  const names = new Set<string>();
  let at = directoryStart;
  for (let i = 0; i < total; i++) {
    if (at + CENTRAL_SIZE > end || bytes.readUInt32LE(at) !== CENTRAL) throw corrupt("zip_directory_damaged");
    const nameLength = bytes.readUInt16LE(at + 28);
    const next = at + CENTRAL_SIZE + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (next > end) throw corrupt("zip_directory_damaged");
    const entry: CentralEntry = {
      name: bytes.toString("utf8", at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength),
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) throw corrupt("zip64");
    if (names.has(entry.name)) throw badPart(corrupt, entry.name, "twice");
    names.add(entry.name);
    entries.push(entry);
    at = next;
  }
  if (at !== end) throw corrupt("zip_extra_parts");
  return { entries, directoryStart };
}

/** Where a part's data ends, past its data descriptor when it has one. */
function dataEnd(bytes: Buffer, entry: CentralEntry, dataStart: number, limit: number, corrupt: Corrupt): number {
  const at = dataStart + entry.compressedSize;
  if (at > limit) throw badPart(corrupt, entry.name, "cut");
  if (!(entry.flags & 8)) return at;
  // The descriptor repeats checksum and sizes, with or without its own signature.
  const repeats = (start: number) =>
    start + 12 <= limit && bytes.readUInt32LE(start) === entry.crc && bytes.readUInt32LE(start + 4) === entry.compressedSize && bytes.readUInt32LE(start + 8) === entry.size;
  if (at + 4 <= limit && bytes.readUInt32LE(at) === DESCRIPTOR && repeats(at + 4)) return at + 16;
  if (repeats(at)) return at + 12;
  throw badPart(corrupt, entry.name, "descriptor");
}

/**
 * Checks the archive's structure against itself and returns its parts
 * inflated, or throws the MatrizError that says what is wrong.
 */
export function unzipChecked(bytes: Buffer, file: string, limits: ZipLimits): ZipPart[] {
  const corrupt = corruption(file);
  const { entries, directoryStart } = centralEntries(bytes, file, limits);
  let declared = 0;
  for (const entry of entries) declared += entry.size;
  if (declared > limits.unzippedBytes) throw new MatrizError("spreadsheet_too_large", detailed("size_unzipped_mb", { file, mb: Math.round(declared / 1e6) }));

  // The parts, in file order, must cover everything before the directory with no gap and no overlap.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  const ranges = new Map<CentralEntry, { start: number; end: number }>();
  let expected = 0;
  for (const entry of byOffset) {
    const local = entry.localOffset;
    if (local !== expected) throw badPart(corrupt, entry.name, local < expected ? "overlaps" : "unlisted");
    if (local + LOCAL_SIZE > directoryStart || bytes.readUInt32LE(local) !== LOCAL) throw badPart(corrupt, entry.name, "missing");
    const flags = bytes.readUInt16LE(local + 6);
    const method = bytes.readUInt16LE(local + 8);
    const nameLength = bytes.readUInt16LE(local + 26);
    const extraLength = bytes.readUInt16LE(local + 28);
    const dataStart = local + LOCAL_SIZE + nameLength + extraLength;
    if (dataStart > directoryStart) throw badPart(corrupt, entry.name, "cut");
    if (bytes.toString("utf8", local + LOCAL_SIZE, local + LOCAL_SIZE + nameLength) !== entry.name) throw badPart(corrupt, entry.name, "renamed");
    if (flags & 0x41 || entry.flags & 0x41) throw new MatrizError("spreadsheet_password", { file });
    if (method !== entry.method || (flags & 8) !== (entry.flags & 8)) throw badPart(corrupt, entry.name, "twoWays");
    if (!(flags & 8)) {
      const sizes = [bytes.readUInt32LE(local + 14), bytes.readUInt32LE(local + 18), bytes.readUInt32LE(local + 22)];
      if (sizes[0] !== entry.crc || sizes[1] !== entry.compressedSize || sizes[2] !== entry.size) throw badPart(corrupt, entry.name, "twoWays");
    }
    const end = dataEnd(bytes, entry, dataStart, directoryStart, corrupt);
    ranges.set(entry, { start: dataStart, end: dataStart + entry.compressedSize });
    expected = end;
  }
  if (expected !== directoryStart) throw corrupt("zip_unlisted_data");

  const parts: ZipPart[] = [];
  for (const entry of entries) {
    const { start, end } = ranges.get(entry)!;
    const stored = bytes.subarray(start, end);
    let data: Buffer;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw badPart(corrupt, entry.name, "twoWays");
      data = stored;
    } else if (entry.method === 8) {
      // One byte more than declared (the declared sizes add up to at most the limit), so a
      // part that inflates larger than it says is caught without inflating the rest.
      try {
        data = zlib.inflateRawSync(stored, { maxOutputLength: entry.size + 1 });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) throw badPart(corrupt, entry.name, "larger");
        throw badPart(corrupt, entry.name, "inflate");
      }
      if (data.length !== entry.size) throw badPart(corrupt, entry.name, data.length > entry.size ? "larger" : "smaller");
    } else {
      throw badPart(corrupt, entry.name, "method", { method: entry.method });
    }
    if (zlib.crc32(data) >>> 0 !== entry.crc) throw badPart(corrupt, entry.name, "checksum");
    parts.push({ name: entry.name, data });
  }
  return parts;
}
