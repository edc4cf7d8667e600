import { describe, expect, it } from "vitest";
import { readServerEnv } from "./server-env.ts";

describe("readServerEnv", () => {
  it("defaults everything for development", () => {
    const env = readServerEnv({});
    expect(env).toMatchObject({ NODE_ENV: "development", PORT: 3000, RATE_LIMIT: "on", API_SCOPES: ["api:read", "api:write"] });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("refuses production without a strong secret", () => {
    expect(() => readServerEnv({ NODE_ENV: "production" })).toThrow(/BETTER_AUTH_SECRET/);
    expect(() => readServerEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: "short" })).toThrow(/at least 32/);
    expect(readServerEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: "x".repeat(32) }).NODE_ENV).toBe("production");
  });

  it("rejects a non-PostgreSQL DATABASE_URL and a lone ADMIN_EMAIL", () => {
    expect(() => readServerEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(/postgres:\/\//);
    expect(() => readServerEnv({ ADMIN_EMAIL: "a@b.example" })).toThrow(/together/);
  });

  it("reads the request deadline in milliseconds, 5 s by default, and refuses nonsense", () => {
    expect(readServerEnv({}).REQUEST_DEADLINE_MS).toBe(5_000);
    expect(readServerEnv({ REQUEST_DEADLINE_MS: "2500" }).REQUEST_DEADLINE_MS).toBe(2_500);
    expect(() => readServerEnv({ REQUEST_DEADLINE_MS: "5s" })).toThrow(/REQUEST_DEADLINE_MS/);
    expect(() => readServerEnv({ REQUEST_DEADLINE_MS: "10" })).toThrow(/REQUEST_DEADLINE_MS/);
  });

  it("keeps the resource read path on unless switched off", () => {
    expect(readServerEnv({}).RESOURCE_READ_PATH).toBe("on");
    expect(readServerEnv({ RESOURCE_READ_PATH: "off" }).RESOURCE_READ_PATH).toBe("off");
    expect(() => readServerEnv({ RESOURCE_READ_PATH: "false" })).toThrow(/RESOURCE_READ_PATH/);
  });

  it("treats empty strings as unset, as .env files often leave them", () => {
    expect(readServerEnv({ DATABASE_URL: "", BETTER_AUTH_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("reads mail settings: SMTP_URL must be smtp:// or smtps://, verification is tri-state", () => {
    expect(readServerEnv({ SMTP_URL: "smtps://user:pass@mail.example:465" }).SMTP_URL).toBe("smtps://user:pass@mail.example:465");
    expect(() => readServerEnv({ SMTP_URL: "http://mail.example" })).toThrow(/SMTP_URL/);
    expect(readServerEnv({}).REQUIRE_EMAIL_VERIFICATION).toBeUndefined();
    expect(readServerEnv({ REQUIRE_EMAIL_VERIFICATION: "false" }).REQUIRE_EMAIL_VERIFICATION).toBe(false);
    expect(readServerEnv({ REQUIRE_EMAIL_VERIFICATION: "true" }).REQUIRE_EMAIL_VERIFICATION).toBe(true);
  });
});
