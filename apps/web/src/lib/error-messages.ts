/** What a person reads on /error for each code the API sends there, and what they can do. */
const MESSAGES: Record<string, { title: string; body: string }> = {
  invalid_signature: {
    title: "This sign-in link has expired",
    body: "The link that brought you here is no longer valid: it was too old or had been changed. Go back to the application and start signing in again.",
  },
  invalid_client: {
    title: "Unknown application",
    body: "The application that sent you here is not registered with this identity provider. Contact the application's support; you can safely close this page.",
  },
  invalid_redirect: {
    title: "The application's address is not registered",
    body: "The application asked to send you back to an address it has not registered, so you were stopped here for your safety. Contact the application's support.",
  },
  client_disabled: {
    title: "This application is disabled",
    body: "An administrator has disabled this application. Contact the application's support or your administrator.",
  },
  unauthorized_client: {
    title: "This application may not sign you in",
    body: "The application is not allowed to use this kind of sign-in. Contact the application's support.",
  },
  unsupported_response_type: {
    title: "The application sent an unsupported request",
    body: "The sign-in request from the application is not supported. Contact the application's support.",
  },
  invalid_scope: {
    title: "The application asked for something unknown",
    body: "The application requested permissions this provider does not offer. Contact the application's support.",
  },
  access_denied: {
    title: "Applications are off while you impersonate someone",
    body: "You are signed in as another person through impersonation, and that session cannot sign in to applications on their behalf. Stop impersonating in the console, then sign in to the application as yourself.",
  },
  logout_failed: {
    title: "Sign-out could not be completed",
    body: "The sign-out request was invalid or has expired. If you meant to sign out, go back to the application and try again.",
  },
  too_many_requests: {
    title: "Too many attempts",
    body: "There were too many requests in a short time. Wait a minute, then try again.",
  },
  temporarily_unavailable: {
    title: "Temporarily unavailable",
    body: "The identity provider cannot reach its data for the moment. Wait a few seconds, then go back and try again.",
  },
  server_error: {
    title: "Something went wrong on our side",
    body: "The identity provider could not complete your request. Try again in a moment.",
  },
};

const FALLBACK = {
  title: "This request could not be completed",
  body: "The request that brought you here was incomplete or invalid. Go back to the application and try again.",
};

export function errorMessage(code: string | undefined): { title: string; body: string } {
  return (code && MESSAGES[code]) || FALLBACK;
}
