import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { migrateDatabase } from "@iam/db";
import { readServerEnv } from "@iam/env";
import type { ServerEnv } from "@iam/env";
import { CliError, toCliError } from "./cli-error.ts";
import { openContext } from "./context.ts";
import type { CliContext } from "./context.ts";
import { exportClients, importClients } from "./commands/clients-transfer.ts";
import { createClient, deleteClient, endClientSecretOverlap, listClients, rotateClientSecret } from "./commands/clients.ts";
import { createAdminUser, resetPassword } from "./commands/users.ts";
import { print } from "./io.ts";
import type { CliIo, Output } from "./io.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values = Record<string, string | boolean | string[] | undefined>;

interface Command {
  usage: string;
  options: Options;
  /** How many positional arguments the command takes. */
  positionals: number;
  run(context: CliContext, values: Values, positionals: string[], output: Output): Promise<void>;
}

const many = { type: "string", multiple: true } as const;
const one = { type: "string" } as const;
const flag = { type: "boolean" } as const;

const COMMANDS: Record<string, Command> = {
  "clients create": {
    usage:
      "clients create --name <name> --redirect-uri <uri>… [--type web|native] [--auth-method client_secret_basic|client_secret_post|none]\n" +
      "                 [--grant authorization_code|refresh_token|client_credentials]… [--scope '<scopes>'] [--client-credentials-scope <scope>]…\n" +
      "                 [--post-logout-redirect-uri <uri>]… [--skip-consent] [--enable-end-session]",
    options: {
      name: one,
      "redirect-uri": many,
      "post-logout-redirect-uri": many,
      type: one,
      "auth-method": one,
      grant: many,
      scope: one,
      "client-credentials-scope": many,
      "skip-consent": flag,
      "enable-end-session": flag,
    },
    positionals: 0,
    run: (context, values, _positionals, output) => createClient(context, values, output),
  },
  "clients list": { usage: "clients list", options: {}, positionals: 0, run: (context, _values, _positionals, output) => listClients(context, output) },
  "clients rotate": {
    usage: "clients rotate <client_id> [--overlap none|1h|24h|7d|<seconds>]",
    options: { overlap: one },
    positionals: 1,
    run: (context, values, [clientId = ""], output) =>
      rotateClientSecret(context, clientId, typeof values.overlap === "string" ? values.overlap : undefined, output),
  },
  "clients end-overlap": {
    usage: "clients end-overlap <client_id>",
    options: {},
    positionals: 1,
    run: (context, _values, [clientId = ""], output) => endClientSecretOverlap(context, clientId, output),
  },
  "clients delete": {
    usage: "clients delete <client_id>",
    options: {},
    positionals: 1,
    run: (context, _values, [clientId = ""], output) => deleteClient(context, clientId, output),
  },
  "clients export": {
    usage: "clients export [--file <path>] [--with-secret-hashes]",
    options: { file: one, "with-secret-hashes": flag },
    positionals: 0,
    run: (context, values, _positionals, output) => exportClients(context, values, output),
  },
  "clients import": {
    usage: "clients import <file | ->",
    options: {},
    positionals: 1,
    run: (context, _values, [source = "-"], output) => importClients(context, source, output),
  },
  "users create-admin": {
    usage: "users create-admin --email <email> [--name <name>] [--password-stdin]",
    options: { email: one, name: one, "password-stdin": flag },
    positionals: 0,
    run: (context, values, _positionals, output) => createAdminUser(context, values, output),
  },
  "users reset-password": {
    usage: "users reset-password --email <email> [--password-stdin]",
    options: { email: one, "password-stdin": flag },
    positionals: 0,
    run: (context, values, _positionals, output) => resetPassword(context, values, output),
  },
  migrate: {
    usage: "migrate",
    options: {},
    positionals: 0,
    async run({ database }, _values, _positionals, output) {
      await migrateDatabase(database);
      print(output, { migrated: true }, "Migrations applied.");
    },
  },
};

export const HELP = `Usage: pnpm iam <command> [options] [--json]

Commands:
${Object.values(COMMANDS)
  .map((command) => `  ${command.usage}`)
  .join("\n")}

Reads the server's environment (DATABASE_URL or PGLITE_DIR, BETTER_AUTH_SECRET, …; see .env.example).
With the embedded database (no DATABASE_URL), stop the server first: PGlite allows one process at a time.
--json prints machine-readable output. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 conflict,
65 invalid input, 69 database unreachable, 70 schema missing, 78 invalid environment.
`;

/**
 * Runs one command and returns its exit code. `env` is the raw environment (tests pass their
 * own); it is validated by the same schema as the server's.
 */
export async function runCli(argv: readonly string[], io: CliIo, env?: Record<string, string | undefined>): Promise<number> {
  const json = argv.includes("--json");
  const args = argv.filter((arg) => arg !== "--json");
  const output: Output = { json, io };
  if (args.length === 0 || args[0] === "--help" || args[0] === "-h" || args[0] === "help") {
    io.out(HELP);
    return args.length === 0 ? 2 : 0;
  }
  let context: CliContext | undefined;
  try {
    const [name, command, rest] = findCommand(args);
    const { values, positionals } = parseCommandArgs(name, command, rest);
    const serverEnv = readEnvironment(env);
    context = openContext(serverEnv);
    await command.run(context, values, positionals, output);
    return 0;
  } catch (caught) {
    const error = toCliError(caught);
    if (json) io.err(`${JSON.stringify({ error: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) })}\n`);
    else io.err(`iam: ${error.message}${formatDetails(error.details)}\n`);
    return error.exitCode;
  } finally {
    await context?.database.close().catch(() => {});
  }
}

function findCommand(args: string[]): [string, Command, string[]] {
  for (const words of [2, 1]) {
    const name = args.slice(0, words).join(" ");
    const command = COMMANDS[name];
    if (command) return [name, command, args.slice(words)];
  }
  throw new CliError("usage", `Unknown command "${args.slice(0, 2).join(" ")}". Run \`pnpm iam --help\`.`);
}

/** parseArgs' own message (unknown option, missing value), followed by the command's usage. */
function parseOrExplain(command: Command, rest: string[]) {
  try {
    return parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError("usage", `${error instanceof Error ? error.message : String(error)}\nUsage: pnpm iam ${command.usage}`);
  }
}

function parseCommandArgs(name: string, command: Command, rest: string[]): { values: Values; positionals: string[] } {
  const parsed = parseOrExplain(command, rest);
  if (parsed.positionals.length !== command.positionals) {
    throw new CliError("usage", `"${name}" takes ${command.positionals} argument(s).\nUsage: pnpm iam ${command.usage}`);
  }
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

function readEnvironment(env: Record<string, string | undefined> | undefined): ServerEnv {
  try {
    return readServerEnv(env);
  } catch (error) {
    throw new CliError("configuration", error instanceof Error ? error.message : String(error));
  }
}

function formatDetails(details: unknown): string {
  if (!Array.isArray(details)) return "";
  return details.map((issue: { path?: unknown[]; message?: string }) => `\n  ${(issue.path ?? []).join(".") || "(input)"}: ${issue.message ?? ""}`).join("");
}
