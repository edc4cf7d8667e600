import qrcode from "qrcode-generator";
import { useMemo } from "react";

/**
 * A QR code as an SVG path drawn by React (no inline script or data URL for the page's CSP to
 * weigh), for an authenticator app to scan.
 */
export function QrCode({ value, label, size = 192 }: { value: string; label: string; size?: number }) {
  const { path, count } = useMemo(() => {
    const code = qrcode(0, "M");
    code.addData(value);
    code.make();
    const modules = code.getModuleCount();
    let d = "";
    for (let row = 0; row < modules; row++) {
      for (let col = 0; col < modules; col++) if (code.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
    return { path: d, count: modules + 8 };
  }, [value]);
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${count} ${count}`} shapeRendering="crispEdges" data-testid="totp-qr">
      <rect width={count} height={count} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
