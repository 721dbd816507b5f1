import { RenderTag, type Context, type Emitter, type Liquid } from "liquidjs";

/**
 * What `{% render %}` holds once parsed. LiquidJS keeps these private; the kept render tag
 * only reads them.
 */
interface RenderTagParts {
  file: unknown;
  with?: unknown;
  forBinding?: unknown;
  hash: { render(ctx: Context): Generator<unknown, Record<string, unknown>, unknown> };
}

/**
 * Partials' output, remembered by what they were given, up to a byte budget (least recently
 * used out). A page with 200 comments renders the comment partial 200 times; most of those
 * comments looked the same on the last page render.
 */
export class KeptPartials {
  private readonly outputs = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string): string | undefined {
    const output = this.outputs.get(key);
    if (output !== undefined) {
      this.outputs.delete(key);
      this.outputs.set(key, output);
    }
    return output;
  }

  set(key: string, output: string): void {
    const size = key.length + output.length;
    if (size > this.budgetBytes / 16) return;
    this.outputs.set(key, output);
    this.bytes += size;
    for (const [oldKey, oldOutput] of this.outputs) {
      if (this.bytes <= this.budgetBytes) break;
      this.outputs.delete(oldKey);
      this.bytes -= oldKey.length + oldOutput.length;
    }
  }
}

/**
 * Makes `{% render "partial", name: value, … %}` remember its output. A rendered partial sees
 * only what it is passed (LiquidJS isolates its scope) and the theme's filters, which are pure,
 * so the same file given the same values writes the same markup: the values, as JSON, name the
 * output (a {@link settled} view by its short name). View models are plain data, so JSON holds
 * all of them. The `with` and `for` forms, and partials named by a variable, render as usual.
 */
export function keepRenderedPartials(liquid: Liquid, kept: KeptPartials): void {
  class KeptRenderTag extends RenderTag {
    override *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const parts = this as unknown as RenderTagParts;
      if (parts.with || parts.forBinding || typeof parts.file !== "string") {
        yield* super.render(ctx, emitter);
        return;
      }
      const values = (yield parts.hash.render(ctx)) as Record<string, unknown>;
      const key = keyOf(parts.file, values);
      const output = key === null ? undefined : kept.get(key);
      if (output !== undefined) {
        emitter.write(output);
        return;
      }
      const capture = { buffer: "", write: (html: unknown) => void (capture.buffer += html === null || html === undefined ? "" : String(html)) };
      yield* super.render(ctx, capture as unknown as Emitter);
      if (key !== null) kept.set(key, capture.buffer);
      emitter.write(capture.buffer);
    }
  }
  liquid.registerTag("render", KeptRenderTag);
}

/**
 * The key a settled view's name is written under in a partial's key. View models are written
 * by Longhand with keys of its own choosing, none of which holds a control character.
 */
const SETTLED_KEY = "\u0000settled";
/** The short names of settled views (see {@link settled}), by the view itself. */
const settledNames = new WeakMap<object, { [SETTLED_KEY]: number }>();
let lastSettled = 0;

/**
 * Declares that `view`, and everything it holds, will never change again: it is frozen, deeply,
 * and a partial given it is remembered under a short name of it rather than under its whole
 * JSON. A page showing 200 comments then names each by a few characters, where writing them
 * out would cost more than rendering them. Settle only views that are kept and handed out again
 * unchanged (a view made anew for every page would only fill the memory with names).
 */
export function settled<T extends object>(view: T): T {
  if (settledNames.has(view)) return view;
  deepFreeze(view);
  settledNames.set(view, { [SETTLED_KEY]: ++lastSettled });
  return view;
}

function deepFreeze(value: object): void {
  if (settledNames.has(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) if (typeof inner === "object" && inner !== null) deepFreeze(inner);
}

/** Writes settled views by their names, everything else as JSON does. */
function nameSettled(_key: string, value: unknown): unknown {
  return typeof value === "object" && value !== null ? (settledNames.get(value) ?? value) : value;
}

function keyOf(file: string, values: Record<string, unknown>): string | null {
  try {
    return `${file}\n${JSON.stringify(values, nameSettled)}`;
  } catch {
    return null; // values JSON cannot hold (a cycle): rendered every time
  }
}
