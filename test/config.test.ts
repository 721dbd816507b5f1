import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("configuration", () => {
  it("starts with sensible defaults on a fresh machine", () => {
    const config = loadConfig({});
    expect(config.dataDir).toBe(path.resolve("data"));
    expect(config.databaseUrl).toBeNull();
    expect(config.port).toBe(3000);
    expect(config.baseUrl).toBe("http://localhost:3000");
    expect([config.importMaxMb, config.mediaMaxMb, config.fetchAllowLoopback]).toEqual([512, 25, false]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("follows PORT in the default public address", () => {
    expect(loadConfig({ PORT: "8080" }).baseUrl).toBe("http://localhost:8080");
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://root@localhost/blog" }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ BASE_URL: "ftp://blog.example.com" }, "BASE_URL"],
    [{ BASE_URL: "blog.example.com" }, "BASE_URL"],
    [{ SMTP_URL: "mail.example.com" }, "SMTP_URL"],
    [{ LONGHAND_ADMIN_EMAIL: "not-an-email", LONGHAND_ADMIN_PASSWORD: "long enough pass" }, "LONGHAND_ADMIN_EMAIL"],
    [{ LONGHAND_ADMIN_EMAIL: "me@example.com" }, "LONGHAND_ADMIN_PASSWORD"],
    [{ LONGHAND_ADMIN_EMAIL: "me@example.com", LONGHAND_ADMIN_PASSWORD: "short" }, "LONGHAND_ADMIN_PASSWORD"],
    [{ LONGHAND_LOG_LEVEL: "loud" }, "LONGHAND_LOG_LEVEL"],
    [{ LONGHAND_IMPORT_MAX_MB: "lots" }, "LONGHAND_IMPORT_MAX_MB"],
    [{ LONGHAND_IMPORT_MAX_MB: "0" }, "LONGHAND_IMPORT_MAX_MB"],
    [{ LONGHAND_MEDIA_MAX_MB: "2.5" }, "LONGHAND_MEDIA_MAX_MB"],
    [{ LONGHAND_FETCH_ALLOW_LOOPBACK: "yes" }, "LONGHAND_FETCH_ALLOW_LOOPBACK"],
  ])("refuses %o with one sentence naming %s", (env, setting) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(setting);
    expect(error.message.trim().split(/(?<=\.)\s+(?=[A-Z])/)).toHaveLength(1);
  });

  it("accepts PostgreSQL and https settings", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/blog", BASE_URL: "https://blog.example.com/" });
    expect(config.databaseUrl).toBe("postgres://postgres@127.0.0.1:5432/blog");
    expect(config.baseUrl).toBe("https://blog.example.com");
  });
});
