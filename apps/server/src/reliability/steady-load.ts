/**
 * Open-loop load for the fault tests: requests start on a fixed schedule whether or not earlier
 * ones have answered, as relying parties and load balancers do, so a slow server piles work up
 * instead of being politely waited for (a closed loop of N workers hides exactly that).
 */

export interface Sample {
  label: string;
  startedAt: number;
  endedAt: number;
  /** 0: no answer before the client gave up (its timeout) or the connection failed. */
  status: number;
  retryAfter: string | null;
  json: Record<string, unknown>;
}

export interface LoadRun {
  samples: Sample[];
  /** Stops starting requests and waits for every started one to settle. */
  stop(): Promise<Sample[]>;
}

export interface Operation {
  label: string;
  request(): { url: string; init: RequestInit };
}

export function startSteadyLoad(operations: readonly Operation[], perSecond: number, clientTimeoutMs: number): LoadRun {
  const samples: Sample[] = [];
  const pending = new Set<Promise<void>>();
  let next = 0;
  const fire = () => {
    const operation = operations[next++ % operations.length]!;
    const { url, init } = operation.request();
    const startedAt = Date.now();
    const settled: Promise<void> = send(url, { ...init, signal: AbortSignal.timeout(clientTimeoutMs) }).then((answer) => {
      samples.push({ label: operation.label, startedAt, endedAt: Date.now(), ...answer });
      pending.delete(settled);
    });
    pending.add(settled);
  };
  const timer = setInterval(fire, 1000 / perSecond);
  return {
    samples,
    async stop() {
      clearInterval(timer);
      while (pending.size > 0) await Promise.all([...pending]);
      return samples;
    },
  };
}

async function send(url: string, init: RequestInit): Promise<Pick<Sample, "status" | "retryAfter" | "json">> {
  try {
    const response = await fetch(url, { redirect: "manual", ...init });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // A non-JSON answer is judged by its status alone.
    }
    return { status: response.status, retryAfter: response.headers.get("retry-after"), json };
  } catch {
    return { status: 0, retryAfter: null, json: {} };
  }
}

/** Polls a URL (readiness) every `everyMs`, recording when each answer came and what it was. */
export function pollStatus(url: string, everyMs: number, timeoutMs: number): { samples: Sample[]; stop(): Promise<Sample[]> } {
  return startSteadyLoad([{ label: "readyz", request: () => ({ url, init: {} }) }], 1000 / everyMs, timeoutMs);
}
