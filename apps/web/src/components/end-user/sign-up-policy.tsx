import type { Branding } from "@iam/schemas";
import { Alert, TextLink } from "@iam/ui";
import { SupportContact } from "./support-contact";

/** The "Create an account" line under the sign-in form, as the sign-up policy has it. */
export function SignUpLink({ branding, href }: { branding: Branding; href: string }) {
  if (branding.sign_up === "open") {
    return (
      <>
        New here? <TextLink href={href}>Create an account</TextLink>
      </>
    );
  }
  return (
    <span data-testid="sign-up-policy">
      {branding.sign_up === "invite" ? "New here? Accounts are created by invitation only." : "New here? Sign-up is closed: an administrator creates accounts."}
    </span>
  );
}

/** Shown instead of the sign-up form (`prompt=create`, or the link followed) when sign-up is not open. */
export function SignUpClosed({ branding }: { branding: Branding }) {
  return (
    <div className="mb-4 flex flex-col gap-2" data-testid="sign-up-closed">
      <Alert tone="info" title={branding.sign_up === "invite" ? "Sign-up is by invitation only" : "Sign-up is closed"}>
        {branding.sign_up === "invite"
          ? "You can't create an account here yourself: ask for an invitation. If you already have an account, sign in below."
          : "New accounts can't be created here. If you already have an account, sign in below."}
      </Alert>
      <SupportContact branding={branding} lead="Need an account?" />
    </div>
  );
}
