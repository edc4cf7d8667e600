import { productName } from "./product.ts";

/** One message a person receives: a heading, a few sentences, one button with one link. */
export interface MailContent {
  subject: string;
  heading: string;
  /** Paragraphs before the button, plain text (escaped for HTML here). */
  intro: string[];
  action: { label: string; url: string };
  /** Paragraphs after the button: expiry, "ignore this if it wasn't you". */
  outro: string[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

const paragraph = (text: string) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.6;color:#334155">${escapeHtml(text)}</p>`;

/**
 * Plain text and HTML of the same message, in the end-user pages' look (slate on white, one
 * indigo button). Inline styles and a table layout: mail clients ignore stylesheets.
 */
export function renderMail(content: MailContent): RenderedMail {
  const product = productName();
  const text = [
    content.heading,
    "",
    ...content.intro.flatMap((line) => [line, ""]),
    `${content.action.label}: ${content.action.url}`,
    "",
    ...content.outro.flatMap((line) => [line, ""]),
    `— ${product}`,
  ].join("\n");
  const url = escapeHtml(content.action.url);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f8fafc;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f8fafc;padding:32px 16px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:480px">
<tr><td style="padding:0 0 16px;text-align:center;font-size:14px;font-weight:600;color:#334155">
<span style="display:inline-block;width:20px;height:20px;border-radius:6px;background:#4f46e5;vertical-align:middle"></span>&nbsp;${escapeHtml(product)}</td></tr>
<tr><td style="background:#ffffff;border:1px solid #e2e8f0;border-radius:12px;padding:32px">
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;color:#0f172a">${escapeHtml(content.heading)}</h1>
${content.intro.map(paragraph).join("\n")}
<p style="margin:24px 0"><a href="${url}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 20px;border-radius:8px">${escapeHtml(content.action.label)}</a></p>
${content.outro.map(paragraph).join("\n")}
<p style="margin:16px 0 0;font-size:12px;line-height:1.5;color:#64748b">If the button does not work, paste this link into your browser:<br><span style="word-break:break-all">${url}</span></p>
</td></tr>
<tr><td style="padding:16px 0;text-align:center;font-size:12px;color:#64748b">Sent by ${escapeHtml(product)}.</td></tr>
</table></td></tr></table></body></html>`;
  return { subject: content.subject, text, html };
}
