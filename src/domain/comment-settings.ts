import { NOTIFY_MODES, type CommentDefences, type NotifyMode } from "./blog.js";
import type { FieldError } from "./errors.js";
import { KNOWN_SCRIPTS } from "./spam/heuristics.js";
import { parseBlockListText, validateBlockList, type BlockList } from "./spam/block-list.js";

/** The dashboard's "Comments" settings form, every value as text. */
export interface CommentSettingsInput {
  closeAfterDays: string;
  threadDepth: string;
  maxLinks: string;
  allowedScripts: string;
  minSeconds: string;
  notify: string;
  policyText: string;
  policyRules: string;
  blockWords: string;
  blockEmails: string;
  blockDomains: string;
  blockNetworks: string;
}

/** One rule of the comment policy that moderation decisions can cite. */
export interface PolicyRuleInput {
  key: string;
  text: string;
}

/** The checked form: the blog's comment defences, the policy's rules and the block lists. */
export interface CommentSettings {
  defences: CommentDefences;
  rules: PolicyRuleInput[];
  blockList: BlockList;
}

const RULE_KEY = /^[a-z0-9][a-z0-9-]{0,29}$/;

function wholeNumber(field: string, raw: string, min: number, max: number, what: string, errors: FieldError[]): number {
  const value = Number(raw.trim());
  if (raw.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
    errors.push({ field, code: "out-of-range", message: `${what} must be a whole number from ${min} to ${max}.` });
    return min;
  }
  return value;
}

/** Reads "key: text" lines into policy rules, e.g. "kind: Be kind to other readers." */
export function parsePolicyRules(text: string, errors: FieldError[]): PolicyRuleInput[] {
  const rules: PolicyRuleInput[] = [];
  for (const line of parseBlockListText(text)) {
    const match = /^([^:]+):\s*(.+)$/.exec(line);
    const key = match?.[1]?.trim().toLowerCase() ?? "";
    if (!match || !RULE_KEY.test(key)) {
      errors.push({ field: "policyRules", code: "invalid-rule", message: `“${line.slice(0, 60)}” is not a rule: write key: text, with a short key of letters, digits and hyphens.` });
      continue;
    }
    if (rules.some((r) => r.key === key)) {
      errors.push({ field: "policyRules", code: "duplicate-rule", message: `The rule key “${key}” is used twice.` });
      continue;
    }
    rules.push({ key, text: match[2]!.trim().slice(0, 500) });
  }
  return rules;
}

/** Checks the comment settings form, reporting every bad field at once. */
export function validateCommentSettings(input: CommentSettingsInput): { ok: true; value: CommentSettings } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const closeCommentsAfterDays = input.closeAfterDays.trim() === "" ? null : wholeNumber("closeAfterDays", input.closeAfterDays, 1, 36_500, "Close after days", errors);
  const threadDepth = wholeNumber("threadDepth", input.threadDepth, 1, 10, "Thread depth", errors);
  const maxLinks = wholeNumber("maxLinks", input.maxLinks, 0, 50, "Most links", errors);
  const minSeconds = wholeNumber("minSeconds", input.minSeconds, 0, 600, "Seconds before sending", errors);
  if (!NOTIFY_MODES.includes(input.notify as NotifyMode)) {
    errors.push({ field: "notify", code: "invalid-choice", message: "Choose how to hear of new comments." });
  }
  const scripts = input.allowedScripts.split(",").map((s) => s.trim()).filter(Boolean);
  const known = new Map(KNOWN_SCRIPTS.map((name) => [name.toLowerCase(), name]));
  const allowedScripts = scripts.map((s) => known.get(s.toLowerCase()) ?? s);
  const unknown = allowedScripts.filter((s) => !KNOWN_SCRIPTS.includes(s));
  if (unknown.length > 0) {
    errors.push({ field: "allowedScripts", code: "unknown-script", message: `Unknown writing system: ${unknown.join(", ")}. Known ones: ${KNOWN_SCRIPTS.join(", ")}.` });
  }
  if (input.policyText.length > 20_000) errors.push({ field: "policyText", code: "too-long", message: "The comment policy can be at most 20,000 characters." });
  const rules = parsePolicyRules(input.policyRules, errors);
  const blockList: BlockList = {
    words: parseBlockListText(input.blockWords),
    emails: parseBlockListText(input.blockEmails).map((e) => e.toLowerCase()),
    domains: parseBlockListText(input.blockDomains).map((d) => d.toLowerCase()),
    networks: parseBlockListText(input.blockNetworks),
  };
  const fieldOf: Record<string, string> = { words: "blockWords", emails: "blockEmails", domains: "blockDomains", networks: "blockNetworks" };
  for (const error of validateBlockList(blockList)) errors.push({ ...error, field: fieldOf[error.field] ?? error.field });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      defences: {
        closeCommentsAfterDays,
        threadDepth,
        maxLinks,
        allowedScripts: allowedScripts.length > 0 ? allowedScripts : null,
        minSeconds,
        notify: input.notify as NotifyMode,
        policyText: input.policyText,
      },
      rules,
      blockList,
    },
  };
}
