import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuthService } from "../../services/auth.service.js";
import type { PasswordResets } from "../../services/password-reset.service.js";
import type { BlogSettingsService } from "../../services/blog-settings.service.js";
import type { CommentService } from "../../services/comments.service.js";
import type { CommentSettingsService } from "../../services/comment-settings.service.js";
import type { FormTokens } from "../../services/form-tokens.js";
import type { PublishingService } from "../../services/publishing.service.js";
import type { UserService } from "../../services/users.service.js";
import type { WebmentionService } from "../../services/webmentions.service.js";
import type { SessionCookie } from "../plugins/session.js";
import type { Clock } from "../../services/clock.js";

/** What the dashboard needs. */
export interface AdminDeps {
  baseUrl: string;
  cookie: SessionCookie;
  auth: AuthService;
  /** "Forgot your password?": emailed single-use links. */
  passwordResets: PasswordResets;
  settings: BlogSettingsService;
  publishing: PublishingService;
  comments: CommentService;
  users: UserService;
  formTokens: FormTokens;
  commentSettings: CommentSettingsService;
  /** Mentions from other sites: the moderation queue and the author's decisions. */
  mentions: Pick<WebmentionService, "queue" | "counts" | "moderate">;
  /** The app's clock, so "publish at" times in the past publish at once. */
  clock: Clock;
}

/** Helpers every dashboard route file shares. */
export interface AdminKit {
  deps: AdminDeps;
  /** Renders a dashboard page for the signed-in author. */
  render(request: FastifyRequest, reply: FastifyReply, template: string, title: string, data: object, status?: number): Promise<FastifyReply>;
  /** The signed-in session; the guard hook has made sure there is one. */
  session(request: FastifyRequest): NonNullable<FastifyRequest["session"]>;
}
