/** What each scope gives away, in the words a person reads on the consent page. */
const DESCRIPTIONS: Record<string, { title: string; detail: string }> = {
  openid: { title: "Confirm it's you", detail: "A stable identifier for your account, so the app knows you on your next visit." },
  profile: { title: "Your profile", detail: "Your name and profile picture." },
  email: { title: "Your email address", detail: "Your email address, and whether it is marked as verified." },
  organization: { title: "Your organization and role", detail: "The organization you belong to and your role in it." },
  offline_access: {
    title: "Stay connected",
    detail: "Keep access while you are away, until you sign out of the app or withdraw this permission.",
  },
};

export function describeScope(scope: string): { title: string; detail: string } {
  const known = DESCRIPTIONS[scope];
  if (known) return known;
  return { title: `Access “${scope}”`, detail: "Use an API on your behalf with this permission." };
}
