import postgres from "postgres";

export interface BenchDatabases {
  iam: string;
  peer: string;
  drop(): Promise<void>;
}

/**
 * Two fresh databases on the server of `serverUrl` (one for A, one for B), dropped at the end, so
 * a run never touches existing data and both start equally empty.
 */
export async function createBenchDatabases(serverUrl: string): Promise<BenchDatabases> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const suffix = `${Date.now()}_${process.pid}`;
  const names = { iam: `iam_bench_a_${suffix}`, peer: `iam_bench_b_${suffix}` };
  await admin.unsafe(`create database ${names.iam}`);
  await admin.unsafe(`create database ${names.peer}`);
  const urlFor = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    iam: urlFor(names.iam),
    peer: urlFor(names.peer),
    async drop() {
      for (const name of Object.values(names)) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
