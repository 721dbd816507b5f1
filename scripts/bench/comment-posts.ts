/**
 * Comment POSTs as a reader's browser sends them, for the benchmarks: the form (its action
 * and token) read from a post page, a body that names its request ("… #17 …") so the stored
 * comment can be matched to the answer it got, the blog's Origin, and, for a flood from many
 * readers, an X-Forwarded-For address per request (the server must trust 127.0.0.1 as its
 * proxy: LONGHAND_TRUST_PROXY=127.0.0.1). Afterwards {@link tallyStoredComments} checks the
 * store against the answers.
 */
import type { AutocannonRequest } from "./autocannon.js";

/** A post's comment form: where it posts, the post's id (the action's last part) and its token. */
export interface CommentForm {
  action: string;
  postId: number;
  token: string;
}

/** Reads the comment form of the page at `base + postPath`. */
export async function commentForm(base: string, postPath: string): Promise<CommentForm> {
  const response = await fetch(base + postPath);
  if (response.status !== 200) throw new Error(`${postPath} answered ${response.status}, not 200; the post to comment on is missing`);
  const html = await response.text();
  const action = /<form class="comment-form" method="post" action="([^"]+)">/.exec(html)?.[1];
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !token) throw new Error(`${postPath} has no comment form with a form_token`);
  return { action, postId: Number(action.split("/").pop()), token };
}

/**
 * Client address of request `n` when spread over `addresses` addresses, each in its own /24,
 * so neither the per-address nor the per-network limit sees more than its share.
 */
export const addressOf = (n: number, addresses: number): string => {
  const a = n % addresses;
  return `10.${(a >> 8) & 255}.${a & 255}.7`;
};

/** What every comment of a benchmark shares. */
export interface CommentSenderOptions {
  /** The form's action, e.g. "/comments/12". */
  action: string;
  /** The blog's origin, sent as Origin like a browser does. */
  origin: string;
  /** Form tokens to use in turn (several readers opened the page). */
  tokens: readonly string[];
  /** Addresses to spread the requests over; 1 sends no X-Forwarded-For (all from 127.0.0.1). */
  addresses: number;
  /** The commenter's name for request `n`. */
  name(n: number): string;
  /** The comment's text for request `n`: it must name `n` for the tally to find it. */
  text(n: number): string;
}

/** One comment POST, ready to send. */
export interface CommentPost {
  n: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Numbers comment POSTs from 0 up, whichever way they are sent: one by one with `next()` and
 * `fetch`, or many at once through autocannon with `request()`, which records each answer's
 * status under its number in `outcome`.
 *
 * @example
 * const sender = commentSender({ action, origin, tokens, addresses: 400, name: (n) => `Reader ${n}`, text: (n) => `Comment #${n}` });
 * const outcome = new Map<number, number>();
 * await startRun({ url, connections: 32, amount: 1000, requests: [sender.request(outcome)] }).result;
 */
export function commentSender(options: CommentSenderOptions) {
  let next = 0;
  let lastAnswerAt = 0;
  const post = (): CommentPost => {
    const n = next++;
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", origin: options.origin };
    if (options.addresses > 1) headers["x-forwarded-for"] = addressOf(n, options.addresses);
    const body = new URLSearchParams({ name: options.name(n), url: "", email: "", body: options.text(n), form_token: options.tokens[n % options.tokens.length]! }).toString();
    return { n, headers, body };
  };
  return {
    next: post,
    /**
     * When (performance.now()) autocannon saw the latest answer. A run of a set amount reports
     * its end only at its next one-second tick, so time it to this instead.
     */
    lastAnswerAt: () => lastAnswerAt,
    /** An autocannon request that sends the next comment; each connection has one in flight, so its context names it. */
    request(outcome: Map<number, number>): AutocannonRequest {
      return {
        method: "POST",
        path: options.action,
        setupRequest(request, context) {
          const { n, headers, body } = post();
          context.n = n;
          return { ...request, headers, body };
        },
        onResponse(status, _body, context) {
          outcome.set(context.n as number, status);
          lastAnswerAt = performance.now();
        },
      };
    },
  };
}

/** What the store holds against what the requests were told. */
export interface CommentTally<C> {
  /** Numbers of the requests answered 303 (stored). */
  accepted: number[];
  /** Answers by status code. */
  byStatus: Record<string, number>;
  /** Accepted but not in the store: lost. */
  missing: number[];
  /** In the store more than once. */
  duplicated: number[];
  /** In the store though their answer was not 303. */
  storedButRefused: number[];
  /** Stored comments that name no request (none should be there). */
  strangers: C[];
}

/**
 * Matches stored comments to requests by the number their text names (`marker`'s first
 * group) and counts what went wrong. `stored` is what the post gained during the run.
 */
export function tallyStoredComments<C extends { source: string }>(outcome: ReadonlyMap<number, number>, stored: readonly C[], marker: RegExp): CommentTally<C> {
  const accepted = [...outcome].filter(([, status]) => status === 303).map(([n]) => n);
  const byStatus: Record<string, number> = {};
  for (const status of outcome.values()) byStatus[status] = (byStatus[status] ?? 0) + 1;
  const storedTimes = new Map<number, number>();
  const strangers: C[] = [];
  for (const comment of stored) {
    const match = marker.exec(comment.source);
    if (match) storedTimes.set(Number(match[1]), (storedTimes.get(Number(match[1])) ?? 0) + 1);
    else strangers.push(comment);
  }
  return {
    accepted,
    byStatus,
    missing: accepted.filter((n) => !storedTimes.has(n)),
    duplicated: [...storedTimes].filter(([, times]) => times > 1).map(([n]) => n),
    storedButRefused: [...storedTimes.keys()].filter((n) => outcome.get(n) !== 303),
    strangers,
  };
}
