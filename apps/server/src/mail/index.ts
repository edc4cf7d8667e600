export { accountMail } from "./account-mail.ts";
export { invitationMail, MAIL_KINDS } from "./account-mails.ts";
export type { MailKind } from "./account-mails.ts";
export { createMailQueue, DEFAULT_RETRY_POLICY, MAIL_STATUS, retryDelayMs } from "./mail-queue.ts";
export type { MailQueue, RetryPolicy } from "./mail-queue.ts";
export { FEATURES_NEEDING_MAIL, mailRoutes } from "./mail-routes.ts";
export { DEFAULT_PRODUCT_NAME, productName } from "./product.ts";
export { smtpSender } from "./smtp-transport.ts";
