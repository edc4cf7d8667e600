import { Worker } from "node:worker_threads";
import { HashSlots } from "./hash-slots.ts";

export interface ScryptJob {
  password: string;
  salt: string;
  keyLength: number;
  params: { N: number; r: number; p: number; maxmem: number };
}

/** The lowest priority Linux gives a thread (nice 19): it runs on whatever CPU is left over. */
export const HASH_THREAD_NICE = 19;

/**
 * Runs in each hashing thread. Derivations run synchronously on that thread, never on libuv's
 * shared pool, so lowering this thread's priority lowers theirs and nothing else's. The thread
 * finds its own id through /proc (Linux); elsewhere it keeps the normal priority.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
const { readlinkSync } = require("node:fs");
const { getPriority, setPriority } = require("node:os");
let threadId;
try {
  threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
  setPriority(threadId, ${HASH_THREAD_NICE});
} catch {
  threadId = undefined;
}
parentPort.on("message", (message) => {
  if (message.kind === "priority") {
    parentPort.postMessage({ priority: threadId === undefined ? null : getPriority(threadId) });
    return;
  }
  try {
    const key = scryptSync(message.password, message.salt, message.keyLength, message.params);
    parentPort.postMessage({ key: key.toString("hex") });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

type Reply = { key: string } | { error: string } | { priority: number | null };

/**
 * Password derivations on dedicated threads at the lowest scheduling priority, `size` at a time.
 *
 * A derivation takes tens of milliseconds of a core. On libuv's pool it competed at full priority
 * with the event loop and PostgreSQL, so a burst of sign-ins raised every other endpoint's
 * latency severalfold on a two-core machine. At nice 19 the hashing gets the CPU the rest leaves
 * idle: sign-ins go as fast as before on an idle machine, and other requests keep their latency
 * under a burst. The threads start on the first derivation and keep the process alive only while
 * they derive.
 */
export class HashThreads {
  private readonly slots: HashSlots;
  private readonly idle: Worker[] = [];

  constructor(size: number) {
    this.slots = new HashSlots(size);
  }

  derive(job: ScryptJob): Promise<Buffer> {
    return this.slots.run(async () => {
      const reply = await this.ask(job);
      if ("error" in reply) throw new Error(reply.error);
      if (!("key" in reply)) throw new Error("hashing thread answered without a key");
      return Buffer.from(reply.key, "hex");
    });
  }

  /** The nice value of a hashing thread (null where the platform gives no thread priority). */
  priority(): Promise<number | null> {
    return this.slots.run(async () => {
      const reply = await this.ask({ kind: "priority" });
      return "priority" in reply ? reply.priority : null;
    });
  }

  /** Only called while holding a slot, so at most `size` threads ever exist. */
  private ask(message: ScryptJob | { kind: "priority" }): Promise<Reply> {
    const worker = this.idle.pop() ?? this.start();
    return new Promise<Reply>((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        worker.off("error", onError);
        worker.unref();
        this.idle.push(worker);
        resolve(reply);
      };
      // A thread that dies (out of memory, say) is not reused; the next derivation starts another.
      const onError = (error: Error) => {
        worker.off("message", onMessage);
        reject(error);
      };
      worker.once("message", onMessage);
      worker.once("error", onError);
      // Referenced only while it works: a CLI awaiting a hash must not exit under it.
      worker.ref();
      worker.postMessage(message);
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    return worker;
  }
}
