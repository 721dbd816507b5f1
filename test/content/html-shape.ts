/**
 * HTML reduced to its shape for comparison: no line break after a tag, void elements
 * written one way. Renderers differ in those details without a reader seeing it.
 */
export function shapeOf(html: string): string {
  return html.replace(/\s*\/>/g, ">").replace(/>\n/g, ">").trim();
}
