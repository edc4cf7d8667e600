import type { InputHTMLAttributes, ReactNode } from "react";
import { useId } from "react";
import { cx } from "./class-names.ts";

export interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  /** Visible label; always rendered so screen readers and clicks reach the field. */
  label: ReactNode;
  /** Help text under the field. */
  hint?: ReactNode;
  /** Error text under the field; marks it invalid. */
  error?: ReactNode;
  id?: string;
}

export function Input({ label, hint, error, id, className, ...props }: InputProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={fieldId} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        className={cx(
          "min-h-10 rounded-lg border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400",
          "focus:border-indigo-500 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-200",
          error ? "border-red-500" : "border-slate-300",
          className,
        )}
        {...props}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
