import type { DeviceProblem } from "./load-device-request";

/** What the /device page says for each `?error=` (from the API's browser layer) or lookup problem. */
export const DEVICE_PROBLEM_MESSAGES: Record<DeviceProblem, string> = {
  invalid_code: "That code is not valid, or it was already used. Check the code shown on your device and enter it again.",
  expired_code: "That code has expired. Start again on your device to get a new code.",
  already_handled: "That code has already been used. If your device is still waiting, start again on it to get a new code.",
  not_yours: "That code is being confirmed by someone else. Start again on your device to get a new code.",
  email_not_verified:
    "Your email address is not confirmed yet. Sign out, sign in again with your password to get a confirmation link, follow it, then enter the code again.",
  unavailable: "The code cannot be checked right now. Try again in a moment.",
};

export function deviceProblem(value: string | undefined): DeviceProblem | undefined {
  return value !== undefined && value in DEVICE_PROBLEM_MESSAGES ? (value as DeviceProblem) : undefined;
}
