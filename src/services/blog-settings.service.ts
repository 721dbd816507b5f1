import type { BlogSettings } from "../domain/blog.js";
import { validateBlogSettings, type BlogSettingsInput } from "../domain/blog-settings.js";
import { DomainError, ValidationError } from "../domain/errors.js";
import type { BlogStore } from "../store/index.js";
import type { Clock } from "./clock.js";

/** Reading and changing the blog's settings. */
export function createBlogSettingsService({
  blogs,
  blogId,
  clock,
  onChanged = () => undefined,
}: {
  blogs: BlogStore;
  blogId: number;
  clock: Clock;
  /** Called after the settings are saved: they show on every page. */
  onChanged?: () => void;
}) {
  return {
    async current(): Promise<BlogSettings> {
      const blog = await blogs.find(blogId);
      if (!blog) throw new DomainError("not-found", `Blog ${blogId} does not exist; run "longhand init".`);
      return blog;
    },

    async update(input: BlogSettingsInput): Promise<BlogSettings> {
      const result = validateBlogSettings(input);
      if (!result.ok) throw new ValidationError(result.errors);
      await blogs.update(blogId, result.value, clock());
      onChanged();
      return this.current();
    },
  };
}

export type BlogSettingsService = ReturnType<typeof createBlogSettingsService>;
