import { describe, expect, it } from "vitest";
import { readTestEnv } from "./test-env.ts";

describe("readTestEnv", () => {
  it("treats empty values as unset and bounds the soak length", () => {
    expect(readTestEnv({ SOAK_SECONDS: "", CHROMIUM_PATH: "" })).toMatchObject({ SOAK_SECONDS: 20, CHROMIUM_PATH: "/usr/bin/chromium" });
    expect(readTestEnv({ SOAK_SECONDS: "600" }).SOAK_SECONDS).toBe(600);
    expect(() => readTestEnv({ SOAK_SECONDS: "1" })).toThrow();
  });
});
