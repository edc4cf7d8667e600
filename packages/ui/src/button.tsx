import type { AnchorHTMLAttributes, ButtonHTMLAttributes } from "react";
import { cx } from "./class-names.ts";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

const base =
  "inline-flex min-h-10 items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-semibold transition-colors " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-indigo-600 text-white shadow-sm hover:bg-indigo-500",
  secondary: "border border-slate-300 bg-white text-slate-800 shadow-sm hover:bg-slate-50",
  danger: "bg-red-600 text-white shadow-sm hover:bg-red-500",
  ghost: "text-slate-700 hover:bg-slate-100",
};

export function buttonClassName(variant: ButtonVariant = "primary", fullWidth = false, className?: string): string {
  return cx(base, variants[variant], fullWidth && "w-full", className);
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  fullWidth?: boolean;
}

/** A native button: `type` defaults to "submit" only inside forms, so say it explicitly. */
export function Button({ variant = "primary", fullWidth = false, className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClassName(variant, fullWidth, className)} {...props} />;
}

export interface ButtonLinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  variant?: ButtonVariant;
  fullWidth?: boolean;
}

/** A link that looks like a button (navigation, not an action). */
export function ButtonLink({ variant = "secondary", fullWidth = false, className, ...props }: ButtonLinkProps) {
  return <a className={buttonClassName(variant, fullWidth, className)} {...props} />;
}
