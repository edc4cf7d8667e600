import { productName } from "./product.ts";
import { renderMail } from "./message-template.ts";
import type { RenderedMail } from "./message-template.ts";

/** Why a message is sent; stored with it and shown to admins. */
export const MAIL_KINDS = {
  verifyEmail: "verify_email",
  resetPassword: "reset_password",
  changeEmail: "change_email",
  invitation: "invitation",
} as const;

export type MailKind = (typeof MAIL_KINDS)[keyof typeof MAIL_KINDS];

const greeting = (name: string | undefined) => (name ? `Hello ${name},` : "Hello,");

export function verifyEmailMail(name: string | undefined, url: string): RenderedMail {
  const product = productName();
  return renderMail({
    subject: `Confirm your email address for ${product}`,
    heading: "Confirm your email address",
    intro: [greeting(name), `Confirm that this address is yours to finish setting up your ${product} account.`],
    action: { label: "Confirm email address", url },
    outro: ["The link works for one hour.", "If you did not create an account, ignore this message."],
  });
}

export function changeEmailMail(name: string | undefined, url: string): RenderedMail {
  const product = productName();
  return renderMail({
    subject: `Confirm your new email address for ${product}`,
    heading: "Confirm your new email address",
    intro: [greeting(name), `Someone asked to use this address for a ${product} account. It changes once you confirm.`],
    action: { label: "Confirm new address", url },
    outro: ["The link works for one hour.", "If this was not you, ignore this message: nothing changes."],
  });
}

export function resetPasswordMail(name: string | undefined, url: string): RenderedMail {
  const product = productName();
  return renderMail({
    subject: `Reset your ${product} password`,
    heading: "Reset your password",
    intro: [greeting(name), "Someone asked to reset the password of your account. Choose a new one with the button below."],
    action: { label: "Choose a new password", url },
    outro: [
      "The link works for one hour and only once. Every other session of your account ends when you reset it.",
      "If you did not ask for this, ignore this message: your password stays as it is.",
    ],
  });
}

export function invitationMail(url: string, expiresAt: Date): RenderedMail {
  const product = productName();
  return renderMail({
    subject: `You are invited to ${product}`,
    heading: `You are invited to ${product}`,
    intro: ["Hello,", `An administrator invited you to create an account on ${product}. Choose your password to accept.`],
    action: { label: "Accept the invitation", url },
    outro: [`The invitation is valid until ${expiresAt.toUTCString()}.`, "If you did not expect it, ignore this message."],
  });
}
