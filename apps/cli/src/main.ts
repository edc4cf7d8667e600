#!/usr/bin/env node
import { readFile, writeFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { runCli } from "./run-cli.ts";

process.exitCode = await runCli(process.argv.slice(2), {
  out: (chunk) => process.stdout.write(chunk),
  err: (chunk) => process.stderr.write(chunk),
  readStdin: () => text(process.stdin),
  readFile: (path) => readFile(path, "utf8"),
  writeFile: (path, contents) => writeFile(path, contents, { mode: 0o600 }),
});
