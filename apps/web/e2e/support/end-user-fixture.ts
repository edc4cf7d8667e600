import type { CallbackServer } from "./callback-server.ts";
import { startCallbackServer } from "./callback-server.ts";
import type { E2eStack } from "./e2e-stack.ts";
import { startE2eStack } from "./e2e-stack.ts";
import type { E2eClient } from "./relying-party.ts";
import { createUser, registerE2eClient } from "./relying-party.ts";

/** What the end-user suites start from: the stack on PGlite, a relying party with its client, one person. */
export interface EndUserFixture {
  stack: E2eStack;
  rp: CallbackServer;
  client: E2eClient;
  close(): Promise<void>;
}

export async function startEndUserFixture(person: { email: string; password: string; name: string }): Promise<EndUserFixture> {
  const stack = await startE2eStack({ kind: "pglite", dataDir: "memory://" });
  let rp: CallbackServer | undefined;
  try {
    rp = await startCallbackServer();
    const client = await registerE2eClient(stack, rp);
    await createUser(stack, person.email, person.password, person.name);
    const started = rp;
    return {
      stack,
      rp: started,
      client,
      async close() {
        await started.close();
        await stack.close();
      },
    };
  } catch (error) {
    await rp?.close();
    await stack.close();
    throw error;
  }
}
