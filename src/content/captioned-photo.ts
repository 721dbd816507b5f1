import type { PluginSimple, StateCore, Token } from "markdown-it";

/**
 * Longhand's captioned photo: an image alone in its paragraph, with a title, becomes a
 * figure whose caption is the title rendered as inline Markdown.
 *
 * @example
 * ![Boats in the ice](/media/harbour.jpg "The harbour in *January*")
 * // <figure><img src="/media/harbour.jpg" alt="Boats in the ice" loading="lazy">
 * // <figcaption>The harbour in <em>January</em></figcaption></figure>
 */
export const captionedPhoto: PluginSimple = (md) => {
  // Before "linkify" and "text_join", so the caption gets the same inline treatment as body text.
  md.core.ruler.after("inline", "longhand_captioned_photo", (state) => {
    const tokens = state.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      const image = loneImage(tokens, i);
      const caption = image?.attrGet("title");
      if (!image || !caption) continue;
      // The caption says it below the photo; repeating it as a tooltip would say it twice.
      image.attrs = (image.attrs ?? []).filter(([name]) => name !== "title");
      tokens.splice(i, 3, ...figureTokens(state, tokens[i + 1]!, image, caption));
    }
  });
};

/** The image when tokens[start] opens a visible paragraph holding that image and nothing else. */
function loneImage(tokens: Token[], start: number): Token | undefined {
  const [open, inline, close] = [tokens[start], tokens[start + 1], tokens[start + 2]];
  if (open?.type !== "paragraph_open" || open.hidden) return undefined;
  if (inline?.type !== "inline" || close?.type !== "paragraph_close") return undefined;
  const children = inline.children ?? [];
  return children.length === 1 && children[0]!.type === "image" ? children[0] : undefined;
}

/** figure_open, the image, figcaption with the caption parsed inline, figure_close. */
function figureTokens(state: StateCore, inline: Token, image: Token, caption: string): Token[] {
  const level = inline.level - 1;
  const figureOpen = new state.Token("figure_open", "figure", 1);
  figureOpen.block = true;
  figureOpen.level = level;
  figureOpen.map = inline.map;

  const imageLine = new state.Token("inline", "", 0);
  imageLine.level = level + 1;
  imageLine.content = inline.content;
  imageLine.children = [image];

  const captionOpen = new state.Token("figcaption_open", "figcaption", 1);
  captionOpen.level = level + 1;
  const captionLine = new state.Token("inline", "", 0);
  captionLine.level = level + 2;
  captionLine.content = caption;
  captionLine.children = [];
  state.md.inline.parse(caption, state.md, state.env, captionLine.children);
  const captionClose = new state.Token("figcaption_close", "figcaption", -1);
  captionClose.level = level + 1;

  const figureClose = new state.Token("figure_close", "figure", -1);
  figureClose.block = true;
  figureClose.level = level;
  return [figureOpen, imageLine, captionOpen, captionLine, captionClose, figureClose];
}
