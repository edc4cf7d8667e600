import { Card } from "@iam/ui";
import { runtimeConfig } from "@/lib/runtime-config";

export const dynamic = "force-dynamic";

export default function HomePage() {
  const { apiUrl } = runtimeConfig();
  return (
    <main className="mx-auto flex min-h-screen max-w-xl items-center px-4">
      <Card title="IAM">
        <p className="text-sm text-slate-600">
          OpenID Provider issuer: <code className="rounded bg-slate-100 px-1">{apiUrl}/api/auth</code>
        </p>
      </Card>
    </main>
  );
}
