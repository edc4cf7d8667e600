import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/**
 * Per-scenario CPU profiles (the same data `node --cpu-prof` writes, but started and stopped
 * around one scenario, so each profile shows one kind of request).
 */
export class ScenarioProfiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    this.session ??= new Session();
    this.session.connect();
    await this.session.post("Profiler.enable");
    await this.session.post("Profiler.setSamplingInterval", { interval: 200 });
    await this.session.post("Profiler.start");
  }

  async stop(file: string): Promise<void> {
    if (!this.session) return;
    const { profile } = await this.session.post("Profiler.stop");
    await writeFile(file, JSON.stringify(profile));
    this.session.disconnect();
    this.session = undefined;
  }
}
