export {
  findUsableInitialAccessToken,
  INITIAL_ACCESS_TOKEN_PREFIX,
  issueInitialAccessToken,
  listInitialAccessTokens,
  revokeInitialAccessToken,
} from "./initial-access-tokens.ts";
export type { InitialAccessTokenRow, IssuedInitialAccessToken } from "./initial-access-tokens.ts";
export { registrationMarker } from "./registration-marker.ts";
