/**
 * The browser's side of WebAuthn for the passkey plugin's JSON (base64url strings where the
 * browser wants bytes). Written out rather than relying on `PublicKeyCredential.parse…FromJSON` /
 * `toJSON()`, which older browsers still in use lack.
 */

type Json = Record<string, unknown>;

export type PasskeyCreationOptions = Json & { challenge: string; user: Json & { id: string }; excludeCredentials?: DescriptorJson[] };
export type PasskeyRequestOptions = Json & { challenge: string; allowCredentials?: DescriptorJson[] };
type DescriptorJson = { id: string; type?: string; transports?: string[] };
export type PublicKeyCredentialJson = Json & { id: string; rawId: string; type: string; response: Json };

function toBytes(value: string): ArrayBuffer {
  const base64 = value
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(value.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function toBase64url(buffer: ArrayBuffer | null | undefined): string {
  if (!buffer) return "";
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function descriptors(list: DescriptorJson[] | undefined): PublicKeyCredentialDescriptor[] | undefined {
  return list?.map((item) => ({ id: toBytes(item.id), type: "public-key", transports: item.transports as AuthenticatorTransport[] | undefined }));
}

/** Whether this browser can use passkeys at all (a secure context with WebAuthn). */
export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && window.isSecureContext && typeof window.PublicKeyCredential === "function";
}

function credentialJson(credential: PublicKeyCredential, response: Json): PublicKeyCredentialJson {
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response,
  };
}

/**
 * Registration options that insist the authenticator verify the person (PIN or biometric): a
 * passkey set up as someone's required second factor must count as one when it is used.
 */
export function requiringUserVerification(options: PasskeyCreationOptions): PasskeyCreationOptions {
  const selection = typeof options.authenticatorSelection === "object" && options.authenticatorSelection !== null ? options.authenticatorSelection : {};
  return { ...options, authenticatorSelection: { ...selection, userVerification: "required" } };
}

/** Makes a new passkey on this device (or a security key) from the plugin's registration options. */
export async function createCredential(options: PasskeyCreationOptions): Promise<PublicKeyCredentialJson> {
  const publicKey = {
    ...options,
    challenge: toBytes(options.challenge),
    user: { ...options.user, id: toBytes(options.user.id) },
    excludeCredentials: descriptors(options.excludeCredentials),
  } as unknown as PublicKeyCredentialCreationOptions;
  const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential | null;
  if (!credential) throw new Error("No passkey was created.");
  const response = credential.response as AuthenticatorAttestationResponse;
  return credentialJson(credential, {
    clientDataJSON: toBase64url(response.clientDataJSON),
    attestationObject: toBase64url(response.attestationObject),
    transports: typeof response.getTransports === "function" ? response.getTransports() : [],
  });
}

/** Asks the browser for a passkey (any of this site's, or one of `allowCredentials`) to sign the challenge. */
export async function getAssertion(options: PasskeyRequestOptions): Promise<PublicKeyCredentialJson> {
  const publicKey = {
    ...options,
    challenge: toBytes(options.challenge),
    allowCredentials: descriptors(options.allowCredentials),
  } as unknown as PublicKeyCredentialRequestOptions;
  const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential | null;
  if (!credential) throw new Error("No passkey was chosen.");
  const response = credential.response as AuthenticatorAssertionResponse;
  return credentialJson(credential, {
    clientDataJSON: toBase64url(response.clientDataJSON),
    authenticatorData: toBase64url(response.authenticatorData),
    signature: toBase64url(response.signature),
    userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined,
  });
}

/** The person closed the browser's passkey dialog or it timed out: not an error worth a red box. */
export function wasCancelled(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "NotAllowedError" || error.name === "AbortError");
}
