/**
 * Just enough of RFC 5322 / MIME to read what a test sent: unfolded headers (with RFC 2047
 * encoded words decoded), and the decoded text/plain and text/html parts.
 */
export interface ParsedMail {
  /** Every header line as [lower-case name, decoded value], in order. */
  headers: [string, string][];
  /** The first value of header `name` (any case), or undefined. */
  header(name: string): string | undefined;
  /** The raw header block, unfolded, exactly as sent apart from the folding. */
  headerBlock: string;
  text: string | undefined;
  html: string | undefined;
}

export function parseMail(raw: string): ParsedMail {
  const entity = parseEntity(raw);
  const parts = { text: undefined as string | undefined, html: undefined as string | undefined };
  collectParts(entity, parts);
  return {
    headers: entity.headers,
    header: (name) => entity.headers.find(([n]) => n === name.toLowerCase())?.[1],
    headerBlock: entity.headerBlock,
    ...parts,
  };
}

interface Entity {
  headers: [string, string][];
  headerBlock: string;
  body: string;
}

function parseEntity(raw: string): Entity {
  const normalised = raw.replace(/\r\n/g, "\n");
  const split = normalised.indexOf("\n\n");
  const head = split === -1 ? normalised : normalised.slice(0, split);
  const body = split === -1 ? "" : normalised.slice(split + 2);
  const headerBlock = head.replace(/\n[ \t]+/g, " ");
  const headers = headerBlock
    .split("\n")
    .filter((line) => line.includes(":"))
    .map((line): [string, string] => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim())];
    });
  return { headers, headerBlock, body };
}

function headerOf(entity: Entity, name: string): string {
  return entity.headers.find(([n]) => n === name)?.[1] ?? "";
}

function collectParts(entity: Entity, into: { text: string | undefined; html: string | undefined }): void {
  const type = headerOf(entity, "content-type").toLowerCase() || "text/plain";
  if (type.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headerOf(entity, "content-type"))?.[1];
    if (!boundary) return;
    const sections = entity.body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith("--")) break;
      collectParts(parseEntity(section.replace(/^\n/, "")), into);
    }
    return;
  }
  const decoded = decodeBody(entity.body, headerOf(entity, "content-transfer-encoding").toLowerCase());
  if (type.startsWith("text/plain") && into.text === undefined) into.text = decoded;
  if (type.startsWith("text/html") && into.html === undefined) into.html = decoded;
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const unwrapped = text.replace(/=\n/g, "");
  for (let i = 0; i < unwrapped.length; i++) {
    const c = unwrapped[i]!;
    if (c === "=" && /^[0-9A-F]{2}$/i.test(unwrapped.slice(i + 1, i + 3))) {
      bytes.push(parseInt(unwrapped.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=). */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QB]\?[^?]*\?=)\s+(?==\?)/gi, "$1")
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}
