import { DomainError } from "./errors.js";

/** The picture formats Longhand accepts and serves; anything else is refused on upload. */
export type ImageFormat = "jpeg" | "png" | "gif" | "webp" | "avif";
export const IMAGE_FORMATS: readonly ImageFormat[] = ["jpeg", "png", "gif", "webp", "avif"];

/**
 * The widths, in pixels, each uploaded picture is made in (never wider than the original):
 * a phone, a column, a large screen and a high-density large screen.
 */
export const VARIANT_WIDTHS: readonly number[] = [480, 960, 1600, 2400];

/** One ready-made size of a picture in one format, as a file in the media store. */
export interface MediaVariant {
  width: number;
  height: number;
  format: ImageFormat;
  /** Its name in the media store, served at /media/<file>. */
  file: string;
  bytes: number;
}

/** Processing happens once, in the background: until then a picture is shown as uploaded. */
export type MediaStatus = "processing" | "ready" | "failed";

/** A picture the author uploaded (or an import brought), with what readers are told about it. */
export interface MediaItem {
  id: number;
  blogId: number;
  /**
   * The original's name in the media store, `<first 16 hex digits of its SHA-256>.<ext>`:
   * what posts link to (/media/<file>). Never the name the author's computer gave it.
   */
  file: string;
  format: ImageFormat;
  bytes: number;
  width: number;
  height: number;
  /** The file name the author's computer gave it, for the media library only (plain text). */
  originalName: string;
  /** Alternative text for readers who cannot see it; "" until the author writes one. */
  alt: string;
  /** Shown under the picture; "" for none. */
  caption: string;
  status: MediaStatus;
  /** Why processing failed, for the author. */
  error: string | null;
  /** Empty until processed. */
  variants: MediaVariant[];
  createdAt: Date;
}

/** Why an upload was refused, which the web layer turns into its status (413, 415, 400). */
export type MediaRefusal = "too-large" | "wrong-type" | "broken";

/** An upload Longhand will not keep: nothing of it was stored. */
export class MediaRefusedError extends DomainError {
  constructor(
    readonly refusal: MediaRefusal,
    message: string,
  ) {
    super("invalid-input", message, "file");
    this.name = "MediaRefusedError";
  }
}

/** A post or page that shows a picture. */
export interface MediaUser {
  postId: number;
  title: string;
  /** Its public address; null for a draft. */
  path: string | null;
}

/** The picture is still shown by these posts, so it was not deleted. */
export class MediaInUseError extends DomainError {
  constructor(readonly usedBy: readonly MediaUser[]) {
    const names = usedBy.map((p) => `“${p.title || "(untitled)"}”`).join(", ");
    super("conflict", `This picture is still used by ${usedBy.length === 1 ? "the post" : "the posts"} ${names}: take it out of ${usedBy.length === 1 ? "it" : "them"} first. Nothing was deleted.`);
    this.name = "MediaInUseError";
  }
}
