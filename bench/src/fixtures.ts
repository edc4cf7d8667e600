/** What every target is set up with, so the same requests mean the same work on each. */
export const BENCH_USER = { id: "bench-user", email: "bench-user@bench.example", name: "Bench User", password: "bench-password-123" } as const;
export const BENCH_ADMIN = { email: "bench-admin@bench.example", password: "bench-admin-password-123" } as const;
export const BENCH_WEB_URL = "http://localhost:3999";
export const REDIRECT_URI = "http://localhost:8765/callback";
export const CLIENT_CREDENTIALS_SCOPE = "api:read";
export const FLOW_SCOPE = "openid profile email";
export const OFFLINE_SCOPE = "openid profile email offline_access";
/** The peer's static client; the project's client gets its id and secret at registration. */
export const PEER_CLIENT = { id: "bench-client", secret: "bench-client-secret-0123456789abcdef" } as const;
