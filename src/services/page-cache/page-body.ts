import { createHash } from "node:crypto";
import zlib from "node:zlib";
import { promisify } from "node:util";
import { crc32Combine, zeroBytesShift } from "./crc32-combine.js";

const gzip = promisify(zlib.gzip);
const deflateRaw = promisify(zlib.deflateRaw);
const brotli = promisify(zlib.brotliCompress);

/** Content codings a cached page can be sent in. */
export type Encoding = "br" | "gzip" | "identity";

/**
 * Brotli's quality 6 costs about a millisecond for a 30 KB page and comes within 1% of 8;
 * 11 saves another 10% for thirty times the work, too much for a page rendered on demand.
 */
const BROTLI_QUALITY = 6;

/**
 * A rendered page as the cache keeps it: its bytes, made once, and its gzip and brotli
 * forms, made once in the background (until they are ready, the page goes out in a form
 * that is). A page may hold a slot, a marker the renderer wrote in place of a value that
 * must be new on every response: the comment form's token, which says when the form was
 * served. The slot is filled per response; the gzip form is kept as separately compressed
 * pieces with the fill stored between them, so filling costs no compression either.
 */
export class PageBody {
  /** Bytes of every form held, for the cache's budget. */
  bytes: number;
  /** A strong validator for this version of the page, the same whatever fills its slots. */
  readonly etag: string;
  private gzipped: GzipPieces | Buffer | null = null;
  private brotli: Buffer | null = null;

  private constructor(
    /** The page split at its slots: one piece when it has none. */
    private readonly pieces: Buffer[],
  ) {
    this.bytes = pieces.reduce((sum, piece) => sum + piece.length, 0);
    const hash = createHash("sha256");
    pieces.forEach((piece, index) => (index === 0 ? hash : hash.update("\u0000")).update(piece));
    this.etag = `"${hash.digest("base64url").slice(0, 27)}"`;
  }

  /** The page `text`, with every occurrence of `slot` (when given) to be filled per response. */
  static of(text: string, slot?: string): PageBody {
    const pieces = slot ? text.split(slot) : [text];
    return new PageBody(pieces.map((piece) => ownBytes(Buffer.from(piece, "utf8"))));
  }

  /** True when the page has a slot to fill. */
  get hasSlot(): boolean {
    return this.pieces.length > 1;
  }

  /** Makes the compressed forms. Called once, after the page is stored; never rejects. */
  async compress(): Promise<void> {
    try {
      if (this.hasSlot) {
        const pieces = await Promise.all(
          this.pieces.map((piece, index) =>
            deflateRaw(piece, { level: 9, finishFlush: index === this.pieces.length - 1 ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH }),
          ),
        );
        this.gzipped = { deflated: pieces.map(ownBytes), crcs: this.pieces.map((piece) => zlib.crc32(piece)), shifts: this.pieces.map((piece) => zeroBytesShift(piece.length)) };
        this.bytes += pieces.reduce((sum, piece) => sum + piece.length, 0);
        // Brotli streams cannot be joined from pieces; such pages go out gzipped.
        return;
      }
      const [gzipped, brotlied] = await Promise.all([
        gzip(this.pieces[0]!, { level: 9 }),
        brotli(this.pieces[0]!, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: this.pieces[0]!.length,
            // A window no larger than the page: brotli's default 4 MB window costs native memory per page compressed.
            [zlib.constants.BROTLI_PARAM_LGWIN]: windowBits(this.pieces[0]!.length),
          },
        }),
      ]);
      // A form no smaller than the page itself is not worth sending.
      if (gzipped.length < this.pieces[0]!.length) this.gzipped = ownBytes(gzipped);
      if (brotlied.length < this.pieces[0]!.length) this.brotli = ownBytes(brotlied);
      this.bytes += (this.gzipped ? gzipped.length : 0) + (this.brotli ? brotlied.length : 0);
    } catch {
      // Without compressed forms the page is still served, as it is.
    }
  }

  /** The best form the reader accepts that is ready. */
  encodingFor(acceptEncoding: string | undefined): Encoding {
    if (!acceptEncoding) return "identity";
    const accepted = acceptedCodings(acceptEncoding);
    if (this.brotli && accepted.br) return "br";
    if (this.gzipped && accepted.gzip) return "gzip";
    return "identity";
  }

  /** The bytes to send in `encoding` (one encodingFor chose), with each slot filled by `fill()`. */
  render(encoding: Encoding, fill: () => string): Buffer {
    if (encoding === "br") return this.brotli!;
    if (encoding === "gzip") return Buffer.isBuffer(this.gzipped) ? this.gzipped : gzipWithFills(this.gzipped!, this.pieces, fill);
    if (!this.hasSlot) return this.pieces[0]!;
    const parts: Buffer[] = [this.pieces[0]!];
    for (let i = 1; i < this.pieces.length; i++) parts.push(Buffer.from(fill(), "utf8"), this.pieces[i]!);
    return Buffer.concat(parts);
  }
}

/**
 * `bytes` in memory of their own. zlib hands back a slice of its 16 KB output chunk, and
 * Node cuts short buffers from shared 8 KB slabs; a kept slice keeps all of that alive, so a
 * cache counting what its pages hold would keep twice as much as its budget says.
 */
function ownBytes(bytes: Buffer): Buffer {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length) return bytes;
  const own = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(own);
  return own;
}

/** The smallest brotli window (log2 of its bytes, 10–24) that holds a page of `bytes`. */
function windowBits(bytes: number): number {
  return Math.min(24, Math.max(10, Math.ceil(Math.log2(bytes + 16))));
}

/** A page's pieces each compressed on its own, flushed to a byte boundary, with each piece's CRC-32 and length shift. */
interface GzipPieces {
  deflated: Buffer[];
  crcs: number[];
  /** zeroBytesShift of each piece's length, for joining its CRC to what comes before it. */
  shifts: number[];
}

/** RFC 1952: magic, deflate, no flags, no time, no extra flags, unknown system. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * A gzip stream of the pieces with a fill between each two. Every piece but the last ends
 * with a sync flush, so a fill can follow it as a stored (uncompressed) deflate block, and
 * no piece refers back into another. The trailer's CRC-32 runs over the whole text: it is
 * joined from the pieces' sums and the fills' (see crc32-combine.ts).
 */
function gzipWithFills(gzipped: GzipPieces, pieces: Buffer[], fill: () => string): Buffer {
  const parts: Buffer[] = [GZIP_HEADER, gzipped.deflated[0]!];
  let crc = gzipped.crcs[0]!;
  let length = pieces[0]!.length;
  for (let i = 1; i < pieces.length; i++) {
    const text = Buffer.from(fill(), "utf8");
    parts.push(storedBlock(text), gzipped.deflated[i]!);
    // The fill is read (it is short); the piece's sum was taken once.
    crc = crc32Combine(zlib.crc32(text, crc), gzipped.crcs[i]!, gzipped.shifts[i]!);
    length += text.length + pieces[i]!.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  parts.push(trailer);
  return Buffer.concat(parts);
}

/** A non-final stored deflate block (RFC 1951 section 3.2.4) holding `bytes`, at most 65,535 of them. */
function storedBlock(bytes: Buffer): Buffer {
  if (bytes.length > 0xffff) throw new RangeError("A page slot's fill must be shorter than 64 KB.");
  const header = Buffer.alloc(5);
  header[0] = 0; // BFINAL 0, BTYPE 00, then padding to the byte boundary
  header.writeUInt16LE(bytes.length, 1);
  header.writeUInt16LE(~bytes.length & 0xffff, 3);
  return Buffer.concat([header, bytes]);
}

/** Browsers send a handful of distinct Accept-Encoding values: each is read once. */
const parsedHeaders = new Map<string, { br: boolean; gzip: boolean }>();
const PARSED_HEADERS_KEPT = 64;

/** Which of br and gzip an Accept-Encoding header accepts (listed, and not with q=0). */
function acceptedCodings(header: string): { br: boolean; gzip: boolean } {
  let accepted = parsedHeaders.get(header);
  if (accepted) return accepted;
  accepted = { br: false, gzip: false };
  for (const item of header.split(",")) {
    const [name, ...params] = item.trim().split(";");
    const coding = name!.trim().toLowerCase();
    if (coding !== "br" && coding !== "gzip") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted[coding] = q === undefined || Number(q.slice(2)) > 0;
  }
  if (parsedHeaders.size >= PARSED_HEADERS_KEPT) parsedHeaders.clear();
  parsedHeaders.set(header, accepted);
  return accepted;
}
