/**
 * POSIX ustar archives, written and read as streams: an entry's bytes pass through and are
 * never held whole. Only what Longhand's backups need: regular files with names of up to
 * 255 bytes (a prefix and a name, split at a slash). Sizes past ustar's 8 GiB octal field
 * use the base-256 form that GNU tar and libarchive read.
 */

const BLOCK = 512;
/** Largest size the 11 octal digits of a ustar header hold. */
const OCTAL_SIZE_LIMIT = 8 ** 11;

/** A file in an archive as the writer is given it. */
export interface TarFileEntry {
  /** Relative path with forward slashes, e.g. "media/photo.jpg". */
  name: string;
  size: number;
  mtime?: Date;
  /** Exactly `size` bytes; more or fewer is an error naming the entry. */
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** A file in an archive as the reader finds it; read `body` to the end before asking for the next entry. */
export interface TarEntryRead {
  name: string;
  size: number;
  body: AsyncIterable<Buffer>;
}

/** An archive that is not a ustar archive, or is damaged or cut short; names the entry at fault when there is one. */
export class TarFormatError extends Error {
  constructor(
    message: string,
    /** The entry being read or written when it went wrong; null before the first. */
    readonly entry: string | null,
  ) {
    super(message);
    this.name = "TarFormatError";
  }
}

/**
 * The archive's bytes for `entries`, in order, ending with the two zero blocks of a ustar
 * archive. Pipe it through gzip and into a file.
 *
 * @example
 * await pipeline(Readable.from(writeTar(files)), zlib.createGzip(), fs.createWriteStream("out.tar.gz"));
 */
export async function* writeTar(entries: AsyncIterable<TarFileEntry> | Iterable<TarFileEntry>): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    yield tarHeader(entry.name, entry.size, entry.mtime ?? new Date());
    let written = 0;
    for await (const chunk of entry.body) {
      written += chunk.length;
      if (written > entry.size) throw new TarFormatError(`${entry.name} grew past the ${entry.size} bytes it had when the archive began it`, entry.name);
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    }
    if (written !== entry.size) throw new TarFormatError(`${entry.name} has ${written} bytes, not the ${entry.size} it had when the archive began it`, entry.name);
    const padding = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (padding) yield Buffer.alloc(padding);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError(`${name}: ${size} is not a file size`, name);
  const header = Buffer.alloc(BLOCK);
  const [prefix, base] = splitName(name);
  header.write(base, 0, 100, "utf8");
  writeOctal(header, 100, 8, 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  if (size < OCTAL_SIZE_LIMIT) {
    writeOctal(header, 124, 12, size);
  } else {
    header[124] = 0x80;
    let rest = size;
    for (let i = 135; i > 124; i--) {
      header[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  }
  writeOctal(header, 136, 12, Math.max(0, Math.floor(mtime.getTime() / 1000)));
  header.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  header.write("0", 156, "latin1");
  header.write("ustar\u000000", 257, "latin1");
  header.write(prefix, 345, 155, "utf8");
  writeOctal(header, 148, 7, checksum(header));
  return header;
}

/**
 * The entries of a ustar archive read from `source` (the archive's bytes, already
 * uncompressed). Throws a TarFormatError on anything that is not a whole, well-formed archive
 * of regular files, naming the entry at fault.
 */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntryRead> {
  const bytes = new ByteReader(source[Symbol.asyncIterator]());
  let previous: string | null = null;
  for (;;) {
    const header = await bytes.read(BLOCK);
    if (header.length < BLOCK) {
      throw new TarFormatError(previous === null ? "it is empty or not an archive" : `it ends early, after ${previous}`, previous);
    }
    if (header.every((b) => b === 0)) {
      // Read to the end all the same: a compressed source checks its checksum only there.
      while ((await bytes.readSome(BLOCK * 128)).length > 0);
      return;
    }
    if (header.toString("latin1", 257, 262) !== "ustar") {
      throw new TarFormatError(previous === null ? "it is not a tar archive" : `the entry after ${previous} has no valid header`, previous);
    }
    const name = joinName(header);
    if (readOctal(header, 148, 8) !== checksum(header)) throw new TarFormatError(`the header of ${name} is damaged (its checksum does not match)`, name);
    const type = String.fromCharCode(header[156] ?? 0);
    if (type !== "0" && type !== "\u0000") throw new TarFormatError(`${name} is not a plain file (tar type "${type}")`, name);
    const size = readSize(header);
    let consumed = false;
    const body = async function* (): AsyncGenerator<Buffer> {
      let left = size;
      while (left > 0) {
        const chunk = await bytes.readSome(left);
        if (chunk.length === 0) throw new TarFormatError(`it ends early, inside ${name}`, name);
        left -= chunk.length;
        yield chunk;
      }
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if ((await bytes.read(padding)).length < padding) throw new TarFormatError(`it ends early, after ${name}`, name);
      consumed = true;
    };
    yield { name, size, body: body() };
    if (!consumed) throw new Error(`readTar: the body of ${name} was not read to its end before the next entry was asked for`);
    previous = name;
  }
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes) at a slash. */
function splitName(name: string): [string, string] {
  if (!name || name.startsWith("/") || name.split("/").some((part) => part === ".." || part === "")) {
    throw new TarFormatError(`"${name}" is not a relative file name`, name);
  }
  if (Buffer.byteLength(name) <= 100) return ["", name];
  for (let at = name.indexOf("/"); at !== -1; at = name.indexOf("/", at + 1)) {
    const prefix = name.slice(0, at);
    const base = name.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return [prefix, base];
  }
  throw new TarFormatError(`"${name}" is too long for a tar archive`, name);
}

function joinName(header: Buffer): string {
  const base = cString(header, 0, 100);
  const prefix = cString(header, 345, 155);
  return prefix ? `${prefix}/${base}` : base;
}

function cString(header: Buffer, start: number, length: number): string {
  const end = header.indexOf(0, start);
  return header.toString("utf8", start, end === -1 || end > start + length ? start + length : end);
}

function writeOctal(header: Buffer, start: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, start, length, "latin1");
}

function readOctal(header: Buffer, start: number, length: number): number {
  const text = header.toString("latin1", start, start + length).replace(/[\u0000 ]+$/, "").trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : -1;
}

function readSize(header: Buffer): number {
  if ((header[124] ?? 0) & 0x80) {
    let size = 0;
    for (let i = 125; i < 136; i++) size = size * 256 + (header[i] ?? 0);
    return size;
  }
  const size = readOctal(header, 124, 12);
  if (size < 0) throw new TarFormatError(`the header of ${joinName(header)} holds no valid size`, joinName(header));
  return size;
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum;
}

/** Reads exact lengths from a stream of chunks, keeping only what it has not handed out. */
class ByteReader {
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** `length` bytes, or fewer only at the end of the stream. */
  async read(length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < length) {
      const part = await this.readSome(length - got);
      if (part.length === 0) break;
      parts.push(part);
      got += part.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }

  /** Between 1 and `most` bytes; none only at the end of the stream. */
  async readSome(most: number): Promise<Buffer> {
    while (this.pending.length === 0 && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else this.pending = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
    }
    const part = this.pending.subarray(0, most);
    this.pending = this.pending.subarray(part.length);
    return part;
  }
}
