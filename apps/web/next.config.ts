import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Workspace packages export TypeScript source; Next compiles them with the app.
  transpilePackages: ["@iam/ui", "@iam/env", "@iam/schemas"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          // The Content-Security-Policy (with frame-ancestors 'none') is set per request in src/proxy.ts.
          // Not "no-referrer": browsers then send `Origin: null` with the login and consent forms'
          // cross-origin posts, and Better Auth rightly refuses them. "strict-origin" still never
          // leaks a path or the signed query to other sites.
          { key: "Referrer-Policy", value: "strict-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
        ],
      },
    ];
  },
};

export default nextConfig;
