import { Writable } from "node:stream";

/** One line the app logged, as pino writes it (JSON). */
export type LogLine = Record<string, unknown> & { level: number; msg?: string; reqId?: string };

/** A log destination that keeps every line, for tests that read what Longhand logged. */
export class LogLines extends Writable {
  readonly lines: LogLine[] = [];
  private partial = "";

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = this.partial + chunk.toString("utf8");
    const parts = text.split("\n");
    this.partial = parts.pop()!;
    for (const part of parts) if (part.trim()) this.lines.push(JSON.parse(part) as LogLine);
    done();
  }

  /** Lines with this message. */
  withMessage(msg: string): LogLine[] {
    return this.lines.filter((line) => line.msg === msg);
  }

  /** Everything logged, as one text, for "never logged" checks. */
  text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join("\n");
  }
}
