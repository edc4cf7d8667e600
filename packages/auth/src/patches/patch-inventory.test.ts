import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PATCH_HUNKS } from "./patch-inventory.ts";

/** The text of every dist/**.mjs file of a package, as Node resolves it from this package. */
function distText(packageName: string): string {
  const entry = fileURLToPath(import.meta.resolve(packageName));
  const dist = entry.slice(0, entry.lastIndexOf("/dist/") + "/dist".length);
  const files = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".mjs"));
  return files.map((name) => readFileSync(join(dist, name), "utf8")).join("\n");
}

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../../../patches/README.md"), "utf8");

describe("patch inventory", () => {
  const texts = new Map<string, string>();
  const textOf = (packageName: string) => {
    if (!texts.has(packageName)) texts.set(packageName, distText(packageName));
    return texts.get(packageName) ?? "";
  };

  it.each(PATCH_HUNKS)("$id is in the $packageName that Node loads", (hunk) => {
    expect(textOf(hunk.packageName)).toContain(hunk.marker);
  });

  it("patches/README.md lists every hunk, and only those", () => {
    const listed = [...readme.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(PATCH_HUNKS.map((hunk) => hunk.id).sort());
  });
});
