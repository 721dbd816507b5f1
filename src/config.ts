import path from "node:path";

/**
 * Every setting Longhand reads, declared once: its environment name, default, type and
 * what it is for. `loadConfig` validates them all at start and returns a frozen object;
 * nothing else in the code reads `process.env`.
 */
export interface Config {
  /** Folder holding everything the blog owns: the SQLite file, media, the mail outbox. */
  dataDir: string;
  /** PostgreSQL connection string; null means the embedded SQLite database in dataDir. */
  databaseUrl: string | null;
  port: number;
  host: string;
  /** Public address of the blog, used for absolute links; no trailing slash. */
  baseUrl: string;
  /** SMTP server for outgoing mail; null writes messages to dataDir/outbox instead. */
  smtpUrl: string | null;
  /** First-start owner account for scripted set-ups. */
  adminEmail: string | null;
  adminPassword: string | null;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Proxies whose X-Forwarded-For is believed: "false", "true" or a comma list of addresses/CIDRs. */
  trustProxy: boolean | string;
  /** Largest image an upload or `longhand import --fetch-media` may bring, in megabytes. */
  mediaMaxMb: number;
  /** Let outbound fetches reach loopback addresses (127.0.0.0/8, ::1); for tests only. */
  fetchAllowLoopback: boolean;
  /** Largest export file the dashboard's import form accepts, in megabytes. */
  importMaxMb: number;
  /** Where the comment forms of `longhand build` post: the running Longhand's address (an origin); null leaves them out. */
  buildCommentsTo: string | null;
  /** Other sites (origins) whose forms may post here, such as the static copy `longhand build` writes. */
  formOrigins: string[];
  /** Keep rendered public pages in memory (LONGHAND_PAGE_CACHE=off turns it off, for measuring and debugging). */
  pageCache: boolean;
  /** Memory the page cache may hold, in megabytes, counting every compressed form. */
  pageCacheMb: number;
  /** Folder for scheduled backups (default DATA/backups). */
  backupDir: string;
  /** Time between scheduled backups in ms; null when LONGHAND_BACKUP_EVERY is off. */
  backupEveryMs: number | null;
  /** How many scheduled backups are kept; the oldest go first. */
  backupKeep: number;
}

/** A setting with a bad value; the message is one sentence naming it. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

interface Setting<T> {
  env: string;
  description: string;
  parse: (raw: string | undefined, env: Env) => T;
}

/** A size limit in whole megabytes, at least 1; `fallback` when the setting is not given. */
function megabytes(setting: string, raw: string | undefined, fallback: number): number {
  const value = raw?.trim();
  if (!value) return fallback;
  const mb = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(mb) || mb < 1) {
    throw new ConfigError(setting, `${setting} must be a whole number of megabytes, at least 1, not "${raw}".`);
  }
  return mb;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError("PORT", `PORT must be a whole number from 0 to 65535, not "${raw}".`);
  }
  return port;
}

/**
 * An http(s) origin ("https://blog.example.com", no path): what a browser sends as Origin.
 * `setting` names the setting in the message.
 */
function parseOrigin(setting: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(setting, `${setting} must hold addresses such as https://blog.example.com, not "${raw}".`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(setting, `${setting} must hold a site's address alone, such as https://blog.example.com, not "${raw}".`);
  }
  return url.origin;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The schema: one entry per setting. `longhand --help` prints it. */
export const SETTINGS = {
  dataDir: {
    env: "LONGHAND_DATA",
    description: "Folder for the database, media and mail outbox (default ./data).",
    parse: (raw) => path.resolve(raw?.trim() || "data"),
  },
  databaseUrl: {
    env: "DATABASE_URL",
    description: "postgres://… to use PostgreSQL instead of the embedded SQLite file.",
    parse: (raw) => {
      const value = raw?.trim();
      if (!value) return null;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new ConfigError("DATABASE_URL", "DATABASE_URL is not a valid address; expected postgres://user@host:port/database.");
      }
      if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
        throw new ConfigError("DATABASE_URL", `DATABASE_URL must start with postgres:// (got ${url.protocol}//).`);
      }
      return value;
    },
  },
  port: {
    env: "PORT",
    description: "Port to listen on (default 3000; 0 picks a free one).",
    parse: (raw) => parsePort(raw),
  },
  host: {
    env: "HOST",
    description: "Address to listen on (default 0.0.0.0, every interface).",
    parse: (raw) => raw?.trim() || "0.0.0.0",
  },
  baseUrl: {
    env: "BASE_URL",
    description: "Public address of the blog, e.g. https://blog.example.com (default http://localhost:PORT).",
    parse: (raw, env) => {
      const value = raw?.trim();
      if (!value) return `http://localhost:${parsePort(env.PORT) || 3000}`;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new ConfigError("BASE_URL", `BASE_URL must be an absolute http(s) address, not "${value}".`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new ConfigError("BASE_URL", `BASE_URL must start with http:// or https://, not "${url.protocol}".`);
      }
      return url.toString().replace(/\/+$/, "");
    },
  },
  smtpUrl: {
    env: "SMTP_URL",
    description: "smtp://user:pass@host:port for outgoing mail (default: write mail to DATA/outbox).",
    parse: (raw) => {
      const value = raw?.trim();
      if (!value) return null;
      if (!/^smtps?:\/\//.test(value)) throw new ConfigError("SMTP_URL", "SMTP_URL must start with smtp:// or smtps://.");
      return value;
    },
  },
  adminEmail: {
    env: "LONGHAND_ADMIN_EMAIL",
    description: "At the first start, create the owner with this email (with LONGHAND_ADMIN_PASSWORD).",
    parse: (raw) => {
      const value = raw?.trim();
      if (!value) return null;
      if (!/^[^\s@]+@[^\s@]+$/.test(value)) throw new ConfigError("LONGHAND_ADMIN_EMAIL", "LONGHAND_ADMIN_EMAIL is not an email address.");
      return value.toLowerCase();
    },
  },
  adminPassword: {
    env: "LONGHAND_ADMIN_PASSWORD",
    description: "Password for LONGHAND_ADMIN_EMAIL (at least 10 characters).",
    parse: (raw, env) => {
      if (!raw) {
        if (env.LONGHAND_ADMIN_EMAIL?.trim()) {
          throw new ConfigError("LONGHAND_ADMIN_PASSWORD", "LONGHAND_ADMIN_PASSWORD must be set when LONGHAND_ADMIN_EMAIL is.");
        }
        return null;
      }
      if (raw.length < 10) throw new ConfigError("LONGHAND_ADMIN_PASSWORD", "LONGHAND_ADMIN_PASSWORD must be at least 10 characters long.");
      return raw;
    },
  },
  logLevel: {
    env: "LONGHAND_LOG_LEVEL",
    description: "fatal, error, warn, info (default), debug, trace or silent.",
    parse: (raw) => {
      const value = (raw?.trim() || "info") as Config["logLevel"];
      if (!LOG_LEVELS.includes(value)) {
        throw new ConfigError("LONGHAND_LOG_LEVEL", `LONGHAND_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, not "${raw}".`);
      }
      return value;
    },
  },
  trustProxy: {
    env: "LONGHAND_TRUST_PROXY",
    description: "Trust X-Forwarded-For from these proxies: false (default), true, or addresses/CIDRs separated by commas.",
    parse: (raw) => {
      const value = raw?.trim();
      if (!value || value === "false") return false;
      if (value === "true") return true;
      return value;
    },
  },
  mediaMaxMb: {
    env: "LONGHAND_MEDIA_MAX_MB",
    description: "Largest image an upload or import --fetch-media may bring, in MB (default 25).",
    parse: (raw) => megabytes("LONGHAND_MEDIA_MAX_MB", raw, 25),
  },
  fetchAllowLoopback: {
    env: "LONGHAND_FETCH_ALLOW_LOOPBACK",
    description: "true lets outbound fetches reach this machine (127.0.0.1, ::1), for tests; default false.",
    parse: (raw) => {
      const value = raw?.trim().toLowerCase();
      if (!value || value === "false") return false;
      if (value === "true") return true;
      throw new ConfigError("LONGHAND_FETCH_ALLOW_LOOPBACK", `LONGHAND_FETCH_ALLOW_LOOPBACK must be true or false, not "${raw}".`);
    },
  },
  importMaxMb: {
    env: "LONGHAND_IMPORT_MAX_MB",
    description: "Largest export file the dashboard's import form accepts, in MB (default 512).",
    parse: (raw) => megabytes("LONGHAND_IMPORT_MAX_MB", raw, 512),
  },
  pageCache: {
    env: "LONGHAND_PAGE_CACHE",
    description: "on (default) keeps rendered public pages in memory; off renders every request, for measuring and debugging.",
    parse: (raw) => {
      const value = raw?.trim().toLowerCase();
      if (!value || value === "on") return true;
      if (value === "off") return false;
      throw new ConfigError("LONGHAND_PAGE_CACHE", `LONGHAND_PAGE_CACHE must be on or off, not "${raw}".`);
    },
  },
  pageCacheMb: {
    env: "LONGHAND_PAGE_CACHE_MB",
    description: "Memory for cached pages and their compressed forms, in MB (default 32); the least recently read go first.",
    parse: (raw) => megabytes("LONGHAND_PAGE_CACHE_MB", raw, 32),
  },
  buildCommentsTo: {
    env: "LONGHAND_BUILD_COMMENTS_TO",
    description: "For longhand build: the running Longhand's address, where the static pages' comment forms post (default: no forms).",
    parse: (raw) => (raw?.trim() ? parseOrigin("LONGHAND_BUILD_COMMENTS_TO", raw.trim()) : null),
  },
  formOrigins: {
    env: "LONGHAND_FORM_ORIGINS",
    description: "Other sites whose comment forms may post here, e.g. the static copy from longhand build: addresses separated by commas.",
    parse: (raw) => (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean).map((origin) => parseOrigin("LONGHAND_FORM_ORIGINS", origin)),
  },
  backupDir: {
    env: "LONGHAND_BACKUP_DIR",
    description: "Folder for scheduled backups (default DATA/backups).",
    parse: (raw, env) => path.resolve(raw?.trim() || path.join(path.resolve(env.LONGHAND_DATA?.trim() || "data"), "backups")),
  },
  backupEveryMs: {
    env: "LONGHAND_BACKUP_EVERY",
    description: "How often the serving Longhand backs itself up: off (default), or hours or minutes such as 24h or 90m.",
    parse: (raw) => {
      const value = raw?.trim().toLowerCase();
      if (!value || value === "off") return null;
      const match = /^(\d+)\s*(h|m)$/.exec(value);
      const ms = match ? Number(match[1]) * (match[2] === "h" ? 3_600_000 : 60_000) : NaN;
      if (!match || !Number.isSafeInteger(ms) || ms < 60_000 || ms > 2 ** 31 - 1) {
        throw new ConfigError("LONGHAND_BACKUP_EVERY", `LONGHAND_BACKUP_EVERY must be off, or a time from 1m to 596h such as 24h or 90m, not "${raw}".`);
      }
      return ms;
    },
  },
  backupKeep: {
    env: "LONGHAND_BACKUP_KEEP",
    description: "How many scheduled backups to keep (default 7); older ones are removed.",
    parse: (raw) => {
      const value = raw?.trim();
      if (!value) return 7;
      const keep = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(keep) || keep < 1) {
        throw new ConfigError("LONGHAND_BACKUP_KEEP", `LONGHAND_BACKUP_KEEP must be a whole number, at least 1, not "${raw}".`);
      }
      return keep;
    },
  },
} satisfies { [K in keyof Config]: Setting<Config[K]> };

/** Reads and validates every setting; throws a ConfigError naming the first bad one. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const config = {} as Record<keyof Config, unknown>;
  for (const [key, setting] of Object.entries(SETTINGS) as [keyof Config, Setting<unknown>][]) {
    config[key] = setting.parse(env[setting.env], env);
  }
  return Object.freeze(config as unknown as Config);
}
