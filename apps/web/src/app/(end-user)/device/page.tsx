import { Alert, Button, Card, Input } from "@iam/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signedInRole } from "@/account/load-account";
import { ClientHeader } from "@/components/end-user/client-header";
import { ScopeList } from "@/components/end-user/scope-list";
import { DEVICE_PROBLEM_MESSAGES, deviceProblem } from "@/device/device-messages";
import { loadDeviceRequest } from "@/device/load-device-request";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Connect a device", robots: { index: false } };
export const dynamic = "force-dynamic";

function CodeForm({ userCode, message }: { userCode?: string; message?: string }) {
  return (
    <Card title="Connect a device" description="Enter the code shown on your TV, console or command line.">
      <form method="get" action="/device" className="flex flex-col gap-4" data-testid="device-code-form">
        {message ? (
          <Alert tone="error">
            <span data-testid="device-error">{message}</span>
          </Alert>
        ) : null}
        <Input label="Code" name="user_code" defaultValue={userCode} required autoFocus autoComplete="off" autoCapitalize="characters" maxLength={64} />
        <Button type="submit" fullWidth>
          Continue
        </Button>
      </form>
    </Card>
  );
}

/**
 * RFC 8628's verification page. The device shows a code and this address (or the address with the
 * code in it). Signed out, the person signs in and comes back here with the code kept; signed in,
 * the page shows which application asks for what, and Allow/Deny post a plain form that the API's
 * browser layer turns into the device-authorization plugin's call (works without JavaScript).
 */
export default async function DevicePage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const done = firstParam(params, "done");
  if (done === "approved" || done === "denied") {
    return (
      <Card title={done === "approved" ? "Device connected" : "Request denied"}>
        <Alert tone={done === "approved" ? "success" : "info"}>
          <span data-testid="device-done">
            {done === "approved"
              ? "You can return to your device now. It will finish signing in on its own."
              : "The device was not given access. You can return to your device now."}
          </span>
        </Alert>
      </Card>
    );
  }
  const userCode = firstParam(params, "user_code")?.trim().slice(0, 64);
  const problem = deviceProblem(firstParam(params, "error"));
  if (!userCode || problem) return <CodeForm userCode={userCode} message={problem ? DEVICE_PROBLEM_MESSAGES[problem] : undefined} />;

  const { apiUrl } = runtimeConfig();
  const signedIn = (await signedInRole(apiUrl)) !== null;
  const loaded = await loadDeviceRequest(apiUrl, userCode, signedIn);
  if (!loaded.ok && loaded.reason === "signed_out") redirect(`/sign-in?callbackURL=${encodeURIComponent(`/device?user_code=${userCode}`)}`);
  if (!loaded.ok) return <CodeForm userCode={userCode} message={DEVICE_PROBLEM_MESSAGES[loaded.reason]} />;
  const scopes = loaded.scopes.length > 0 ? loaded.scopes : ["openid"];

  return (
    <Card title="Allow this device?">
      <ClientHeader client={loaded.client} lead="A device is signing in to" />
      <p className="text-sm text-slate-700">
        Only continue if code{" "}
        <strong className="font-mono font-semibold" data-testid="device-user-code">
          {loaded.userCode}
        </strong>{" "}
        is the one shown on your device. <strong className="font-semibold">{loaded.client.name}</strong> is asking for:
      </p>
      <ScopeList scopes={scopes} />
      <form method="post" action={`${apiUrl}/api/auth/device/approve`} className="mt-6 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <input type="hidden" name="user_code" value={loaded.userCode} />
        <Button type="submit" name="decision" value="deny" variant="secondary">
          Deny
        </Button>
        <Button type="submit" name="decision" value="approve">
          Allow
        </Button>
      </form>
    </Card>
  );
}
