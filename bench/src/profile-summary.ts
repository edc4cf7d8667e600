import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The functions with the most self time in a .cpuprofile, as "share% name (file:line)". */
export async function topFunctions(file: string, count = 12): Promise<string[]> {
  const profile = JSON.parse(await readFile(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfSamples = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const key = `${frame.functionName || "(anonymous)"} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`;
    selfSamples.set(key, (selfSamples.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length || 1;
  return [...selfSamples]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, samples]) => `${((samples / total) * 100).toFixed(1).padStart(5)}% ${key}`);
}

function shortUrl(url: string): string {
  if (!url) return "native";
  const modules = url.lastIndexOf("node_modules/");
  const trimmed = modules >= 0 ? url.slice(modules + "node_modules/".length) : url.replace(/^file:\/\/.*?\/(apps|packages|bench)\//, "$1/");
  return trimmed.replace(/^\.pnpm\/[^/]+\/node_modules\//, "");
}
