import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-unavailable.ts";

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })],
    ["a closed postgres.js connection", Object.assign(new Error("closed"), { code: "CONNECTION_CLOSED" })],
    ["an admin shutdown", Object.assign(new Error("terminating connection"), { code: "57P01" })],
    ["a query withdrawn at its request's deadline", Object.assign(new Error("canceling statement due to user request"), { code: "57014" })],
    ["a query refused after its request's deadline", Object.assign(new Error("abandoned"), { code: "REQUEST_DEADLINE_PASSED" })],
    ["a wrapped cause", new Error("Failed query", { cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }) })],
    ["an aggregate of refusals", Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]), {})],
  ])("recognises %s", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", Object.assign(new Error("duplicate"), { code: "23505" })],
    ["a plain bug", new TypeError("x is undefined")],
    ["a non-error", "boom"],
  ])("does not mistake %s for an outage", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
