import type { ServerConfig, TestDatabase, TestDatabaseKind } from "@iam/testing";
import type { CallbackServer } from "./callback-server.ts";
import { startCallbackServer } from "./callback-server.ts";
import type { E2eStack } from "./e2e-stack.ts";
import { startE2eStack } from "./e2e-stack.ts";
import type { E2eClient } from "./relying-party.ts";
import { createUser, registerE2eClient } from "./relying-party.ts";

/** What the Chromium suites start from: the stack, a relying party with its client, and (when named) one person. */
export interface EndUserFixture {
  stack: E2eStack;
  rp: CallbackServer;
  client: E2eClient;
  /** Closes the relying party and the stack, then drops the database it created. */
  close(): Promise<void>;
}

export interface EndUserFixtureOptions {
  /** One of `testDatabaseKinds()`: created here and dropped on close. PGlite in memory when omitted. */
  database?: TestDatabaseKind;
  /** Server settings beyond the test defaults (mail, say). */
  server?: Partial<ServerConfig>;
  /** Client metadata beyond the defaults (`skip_consent`, say). */
  client?: Record<string, unknown>;
}

type Person = { email: string; password: string; name: string };

/** Starts it all in `beforeAll` (with `BUILD_AND_START_TIMEOUT_MS`); `close()` in `afterAll`. */
export async function startEndUserFixture(person?: Person, options: EndUserFixtureOptions = {}): Promise<EndUserFixture> {
  const database: TestDatabase | undefined = await options.database?.create();
  let stack: E2eStack | undefined;
  let rp: CallbackServer | undefined;
  const close = async () => {
    await rp?.close();
    await stack?.close();
    await database?.dispose();
  };
  try {
    stack = await startE2eStack(database?.target ?? { kind: "pglite", dataDir: "memory://" }, options.server);
    rp = await startCallbackServer();
    const client = await registerE2eClient(stack, rp, options.client);
    if (person) await createUser(stack, person.email, person.password, person.name);
    return { stack, rp, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
