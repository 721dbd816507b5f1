import { DomainError, ValidationError } from "../domain/errors.js";
import { validateCommentSettings, type CommentSettings, type CommentSettingsInput } from "../domain/comment-settings.js";
import type { PolicyRule, Stores } from "../store/index.js";
import type { Clock } from "./clock.js";

/** The blog's comment defences, its policy's rules and its block lists, edited together. */
export function createCommentSettingsService({
  stores,
  blogId,
  clock,
  onChanged = () => undefined,
}: {
  stores: Stores;
  blogId: number;
  clock: Clock;
  /** Called after the settings are saved: the policy, and whether comments are open, show on pages. */
  onChanged?: () => void;
}) {
  return {
    async current(): Promise<CommentSettings> {
      const blog = await stores.blogs.find(blogId);
      if (!blog) throw new DomainError("not-found", `Blog ${blogId} does not exist.`);
      const { closeCommentsAfterDays, threadDepth, maxLinks, allowedScripts, minSeconds, notify, policyText } = blog;
      return {
        defences: { closeCommentsAfterDays, threadDepth, maxLinks, allowedScripts, minSeconds, notify, policyText },
        rules: await stores.policyRules.list(blogId),
        blockList: await stores.blockList.get(blogId),
      };
    },

    /** Saves the whole form in one transaction, or nothing when any field is wrong. */
    async update(input: CommentSettingsInput): Promise<void> {
      const result = validateCommentSettings(input);
      if (!result.ok) throw new ValidationError(result.errors);
      await stores.transaction(async (tx) => {
        await tx.blogs.update(blogId, result.value.defences, clock());
        await tx.policyRules.replace(blogId, result.value.rules);
        await tx.blockList.replace(blogId, result.value.blockList);
      });
      onChanged();
    },

    rules: (id: number): Promise<PolicyRule[]> => stores.policyRules.list(id),
  };
}

export type CommentSettingsService = ReturnType<typeof createCommentSettingsService>;
