/** Shapes of the API's answers, as the console reads them. */

export interface OAuthClient {
  client_id: string;
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  policy_uri?: string;
  tos_uri?: string;
  contacts?: string[];
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  token_endpoint_auth_method: string;
  application_type: "web" | "native";
  client_type: "public" | "confidential";
  scope?: string;
  client_credentials_scopes: string[];
  skip_consent: boolean;
  enable_end_session: boolean;
  require_pkce: boolean;
  disabled: boolean;
  client_id_issued_at?: number;
  updated_at?: number;
}

export interface Page {
  total: number;
  limit: number;
  offset: number;
}

export interface ClientPage extends Page {
  clients: OAuthClient[];
}

export interface CreatedClient {
  client_id: string;
  client_secret?: string;
  client_name?: string;
}

export interface Consent {
  id: string;
  user_id: string;
  user_email?: string;
  user_name?: string;
  client_id: string;
  client_name?: string;
  scopes: string[];
  granted_at?: string;
  updated_at?: string;
}

export interface ConsentPage extends Page {
  consents: Consent[];
}

export interface User {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  role?: string | null;
  banned?: boolean | null;
  banReason?: string | null;
  banExpires?: string | null;
  createdAt: string;
}

export interface UserPage {
  users: User[];
  total: number;
  limit?: number;
  offset?: number;
}

export interface UserSession {
  id: string;
  token: string;
  createdAt: string;
  expiresAt: string;
  ipAddress?: string | null;
  userAgent?: string | null;
  impersonatedBy?: string | null;
}

export interface CurrentSession {
  user: User;
  session: { id: string; impersonatedBy?: string | null };
}

export interface SigningKey {
  kid: string;
  alg: string;
  crv?: string;
  created_at: string;
  retired_at?: string;
  published_until?: string;
  status: "active" | "standby" | "retired" | "expired";
}

export interface SigningKeys {
  keys: SigningKey[];
  grace_period_seconds: number;
}

export interface Dashboard {
  counts: { users: number; clients: number; active_sessions: number; consents: number };
  recent_sign_ins: { user_id: string; email: string; name: string; at: string; ip_address?: string; user_agent?: string; impersonated: boolean }[];
}
