/** One place for query keys, so a mutation invalidates exactly the lists it changes. */
export const queryKeys = {
  session: ["session"] as const,
  dashboard: ["dashboard"] as const,
  clients: ["oauth-clients"] as const,
  client: (clientId: string) => ["oauth-clients", "one", clientId] as const,
  consents: ["consents"] as const,
  users: ["users"] as const,
  user: (userId: string) => ["users", "one", userId] as const,
  userSessions: (userId: string) => ["users", "sessions", userId] as const,
  signingKeys: ["signing-keys"] as const,
  mail: ["mail"] as const,
  mailStatus: ["mail", "status"] as const,
  invitations: ["invitations"] as const,
  logoutReach: (userId: string) => ["users", "logout-reach", userId] as const,
  clientLogout: (clientId: string) => ["oauth-clients", "logout", clientId] as const,
};
