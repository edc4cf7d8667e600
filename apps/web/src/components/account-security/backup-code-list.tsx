import { Alert, CopyButton } from "@iam/ui";

/** Backup codes, shown once: the server keeps them encrypted and never shows them again. */
export function BackupCodeList({ codes }: { codes: string[] }) {
  return (
    <div className="flex flex-col gap-3">
      <Alert tone="warning">Save these backup codes somewhere safe. Each works once, and this is the only time they are shown.</Alert>
      <ul className="grid grid-cols-2 gap-2 rounded-lg bg-slate-50 p-3 font-mono text-sm" data-testid="backup-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <CopyButton value={codes.join("\n")} label="Copy codes" />
    </div>
  );
}
