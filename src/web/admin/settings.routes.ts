import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { BlogSettings } from "../../domain/blog.js";
import { DomainError, ValidationError, type FieldError } from "../../domain/errors.js";
import type { AdminKit } from "./admin-kit.js";
import { setSessionCookie } from "../plugins/session.js";
import { formErrors } from "./admin-rows.js";
import { csrfField, dashboardQuery, formBody } from "../schemas/fields.js";
import type { CommentSettings, CommentSettingsInput } from "../../domain/comment-settings.js";

/** Domain field names of the comments form, mapped to the form's own names. */
const COMMENT_FIELD: Record<string, string> = {
  closeAfterDays: "close_after_days",
  threadDepth: "thread_depth",
  maxLinks: "max_links",
  allowedScripts: "allowed_scripts",
  minSeconds: "min_seconds",
  policyText: "policy_text",
  policyRules: "policy_rules",
  blockWords: "block_words",
  blockEmails: "block_emails",
  blockDomains: "block_domains",
  blockNetworks: "block_networks",
};

const settingsBody = formBody({
  _csrf: csrfField,
  title: Type.String({ maxLength: 2000 }),
  description: Type.String({ maxLength: 10_000 }),
  time_zone: Type.String({ maxLength: 100 }),
  locale: Type.String({ maxLength: 100 }),
  comment_policy: Type.String({ maxLength: 10_000 }),
  moderation: Type.String({ maxLength: 40 }),
  comment_mode: Type.String({ maxLength: 40 }),
  posts_per_page: Type.String({ maxLength: 10 }),
  // Optional: a form without them leaves the feed, robots.txt, mention and WebSub settings as they are.
  feed_content: Type.Optional(Type.String({ maxLength: 40 })),
  robots_txt: Type.Optional(Type.String({ maxLength: 40_000 })),
  mention_replies: Type.Optional(Type.String({ maxLength: 40 })),
  // Longer than the 2,000 the rule allows, so an address too long gets its own clear message.
  websub_hub: Type.Optional(Type.String({ maxLength: 10_000 })),
});

const commentSettingsBody = formBody({
  _csrf: csrfField,
  close_after_days: Type.String({ maxLength: 10 }),
  thread_depth: Type.String({ maxLength: 10 }),
  max_links: Type.String({ maxLength: 10 }),
  allowed_scripts: Type.String({ maxLength: 1000 }),
  min_seconds: Type.String({ maxLength: 10 }),
  notify: Type.String({ maxLength: 20 }),
  policy_text: Type.String({ maxLength: 40_000 }),
  policy_rules: Type.String({ maxLength: 20_000 }),
  block_words: Type.String({ maxLength: 100_000 }),
  block_emails: Type.String({ maxLength: 100_000 }),
  block_domains: Type.String({ maxLength: 100_000 }),
  block_networks: Type.String({ maxLength: 100_000 }),
});
type CommentSettingsBody = Static<typeof commentSettingsBody>;

const NOTIFY_MODES = [
  { value: "each", label: "One email for each new comment" },
  { value: "digest", label: "One email a day with the day's comments" },
  { value: "off", label: "No email" },
];

/** The comments form's values as the template reads them: text, as typed or as stored. */
type CommentFormValues = Record<
  "closeCommentsAfterDays" | "threadDepth" | "maxLinks" | "allowedScripts" | "minSeconds" | "notify" | "policyText" | "policyRules" | "blockWords" | "blockEmails" | "blockDomains" | "blockNetworks",
  string
>;

function commentFormValues(settings: CommentSettings): CommentFormValues {
  const { defences, rules, blockList } = settings;
  return {
    closeCommentsAfterDays: String(defences.closeCommentsAfterDays ?? ""),
    threadDepth: String(defences.threadDepth),
    maxLinks: String(defences.maxLinks),
    allowedScripts: (defences.allowedScripts ?? []).join(", "),
    minSeconds: String(defences.minSeconds),
    notify: defences.notify,
    policyText: defences.policyText,
    policyRules: rules.map((r) => `${r.key}: ${r.text}`).join("\n"),
    blockWords: blockList.words.join("\n"),
    blockEmails: blockList.emails.join("\n"),
    blockDomains: blockList.domains.join("\n"),
    blockNetworks: blockList.networks.join("\n"),
  };
}

function commentSettingsInput(body: CommentSettingsBody): CommentSettingsInput {
  return {
    closeAfterDays: body.close_after_days,
    threadDepth: body.thread_depth,
    maxLinks: body.max_links,
    allowedScripts: body.allowed_scripts,
    minSeconds: body.min_seconds,
    notify: body.notify,
    policyText: body.policy_text,
    policyRules: body.policy_rules,
    blockWords: body.block_words,
    blockEmails: body.block_emails,
    blockDomains: body.block_domains,
    blockNetworks: body.block_networks,
  };
}

const MODERATION_MODES = [
  { value: "hold-first", label: "Hold a commenter's first comment for approval" },
  { value: "hold-all", label: "Hold every comment for approval" },
  { value: "open", label: "Publish comments at once" },
  { value: "closed", label: "Comments closed everywhere" },
];
const COMMENT_MODES = [
  { value: "flat", label: "Flat: numbered, oldest first" },
  { value: "threaded", label: "Threaded: replies under their comment" },
];
const FEED_CONTENTS = [
  { value: "full", label: "Whole posts" },
  { value: "summary", label: "Summaries, with a link to the post" },
];
const MENTION_REPLIES = [
  { value: "with-comments", label: "Among the comments" },
  { value: "with-mentions", label: "With the mentions, apart from the comments" },
];

/** The blog's settings and the author's password. */
export async function settingsRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { deps } = kit;
  const timeZones = Intl.supportedValuesOf("timeZone");

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    values: BlogSettings | ReturnType<typeof fromBody>,
    errors: FieldError[] = [],
    passwordErrors: FieldError[] = [],
    status = 200,
    comments: { values: CommentFormValues; errors: FieldError[] } | null = null,
  ) {
    const comment = comments ?? { values: commentFormValues(await deps.commentSettings.current()), errors: [] };
    return kit.render(
      request,
      reply,
      "settings",
      "Settings",
      {
        values: {
          title: values.title,
          description: values.description,
          timeZone: values.timeZone,
          locale: values.locale,
          commentPolicy: values.commentPolicy,
          moderation: values.moderation,
          commentMode: values.commentMode,
          postsPerPage: values.postsPerPage,
          feedContent: values.feedContent ?? (await deps.settings.current()).feedContent,
          robotsTxt: values.robotsTxt ?? (await deps.settings.current()).robotsTxt,
          mentionReplies: values.mentionReplies ?? (await deps.settings.current()).mentionReplies,
          websubHub: values.websubHub ?? (await deps.settings.current()).websubHub ?? "",
        },
        errors: formErrors(errors),
        passwordErrors: formErrors(passwordErrors),
        timeZones: timeZones.includes(values.timeZone) ? timeZones : [values.timeZone, ...timeZones],
        moderationModes: MODERATION_MODES,
        commentModes: COMMENT_MODES,
        feedContents: FEED_CONTENTS,
        mentionRepliesChoices: MENTION_REPLIES,
        comment: comment.values,
        commentErrors: formErrors(comment.errors.map((e) => ({ ...e, field: COMMENT_FIELD[e.field] ?? e.field }))),
        notifyModes: NOTIFY_MODES,
      },
      status,
    );
  }

  app.get("/settings", { schema: { querystring: dashboardQuery } }, async (request, reply) =>
    render(request, reply, await deps.settings.current()),
  );

  app.post<{ Body: Static<typeof settingsBody> }>("/settings", { schema: { body: settingsBody } }, async (request, reply) => {
    const values = fromBody(request.body);
    try {
      await deps.settings.update(values);
      return reply.redirect("/admin/settings?flash=settings", 303);
    } catch (error) {
      if (error instanceof ValidationError) return render(request, reply, values, [...error.errors], [], 400);
      throw error;
    }
  });

  app.post<{ Body: CommentSettingsBody }>("/settings/comments", { schema: { body: commentSettingsBody } }, async (request, reply) => {
    try {
      await deps.commentSettings.update(commentSettingsInput(request.body));
      return reply.redirect("/admin/settings?flash=settings", 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Give back exactly what was typed, next to what is wrong with it.
      const typed = commentSettingsInput(request.body);
      const values: CommentFormValues = {
        closeCommentsAfterDays: typed.closeAfterDays,
        threadDepth: typed.threadDepth,
        maxLinks: typed.maxLinks,
        allowedScripts: typed.allowedScripts,
        minSeconds: typed.minSeconds,
        notify: typed.notify,
        policyText: typed.policyText,
        policyRules: typed.policyRules,
        blockWords: typed.blockWords,
        blockEmails: typed.blockEmails,
        blockDomains: typed.blockDomains,
        blockNetworks: typed.blockNetworks,
      };
      return render(request, reply, await deps.settings.current(), [], [], 400, { values, errors: [...error.errors] });
    }
  });

  app.post<{ Body: { current_password: string; new_password: string } }>(
    "/password",
    {
      schema: {
        body: formBody({ _csrf: csrfField, current_password: Type.String({ maxLength: 1000 }), new_password: Type.String({ maxLength: 1000 }) }),
      },
    },
    async (request, reply) => {
      const session = kit.session(request);
      try {
        await deps.users.changePassword(session.user.id, session.user.email, request.body.current_password, request.body.new_password);
        // The change ended every session of the account, this one too: the author carries on in a new one.
        setSessionCookie(reply, deps.cookie, (await deps.auth.openSession(session.user)).token);
        return reply.redirect("/admin/settings?flash=password", 303);
      } catch (error) {
        if (error instanceof ValidationError) return render(request, reply, await deps.settings.current(), [], [...error.errors], 400);
        if (error instanceof DomainError) throw error;
        throw error;
      }
    },
  );
}

function fromBody(body: Static<typeof settingsBody>) {
  return {
    title: body.title,
    description: body.description,
    timeZone: body.time_zone,
    locale: body.locale,
    commentPolicy: body.comment_policy,
    moderation: body.moderation,
    commentMode: body.comment_mode,
    postsPerPage: body.posts_per_page,
    feedContent: body.feed_content,
    robotsTxt: body.robots_txt,
    mentionReplies: body.mention_replies,
    websubHub: body.websub_hub,
  };
}
