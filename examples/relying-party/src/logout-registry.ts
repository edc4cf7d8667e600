import type { JWTPayload } from "jose";

/** How long an ended `sid` is remembered: longer than any ID token this app accepts lives (10 h). */
const REMEMBER_MS = 24 * 60 * 60 * 1000;

/**
 * What the provider's back-channel logouts ended. This app's session is the ID token in a cookie,
 * which the app cannot reach to delete; so it remembers which sessions (`sid`) ended, and for a
 * logout without `sid`, that everything the person signed in to before it (`auth_time`) ended.
 * In memory like the user directory; a real app keeps it where its sessions live.
 */
export class LogoutRegistry {
  private readonly sessions = new Map<string, number>();
  private readonly subjects = new Map<string, { at: number; until: number }>();
  private readonly tokenIds = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a verified logout; false when its `jti` was seen before (a replay or a retry). */
  record(claims: JWTPayload): boolean {
    const now = this.now();
    this.forgetOld(now);
    if (claims.jti) {
      if (this.tokenIds.has(claims.jti)) return false;
      this.tokenIds.set(claims.jti, now + REMEMBER_MS);
    }
    if (typeof claims.sid === "string") this.sessions.set(claims.sid, now + REMEMBER_MS);
    else if (claims.sub) this.subjects.set(claims.sub, { at: (claims.iat ?? now / 1000) * 1000, until: now + REMEMBER_MS });
    return true;
  }

  /** Whether an ID token's session was ended by the provider. */
  ended(claims: JWTPayload): boolean {
    if (typeof claims.sid === "string" && this.sessions.has(claims.sid)) return true;
    const subject = claims.sub ? this.subjects.get(claims.sub) : undefined;
    const signedInAt = typeof claims.auth_time === "number" ? claims.auth_time : claims.iat;
    return subject !== undefined && signedInAt !== undefined && signedInAt * 1000 <= subject.at;
  }

  sessionEnded(sid: string | undefined): boolean {
    return sid !== undefined && this.sessions.has(sid);
  }

  private forgetOld(now: number): void {
    for (const map of [this.sessions, this.tokenIds]) for (const [key, until] of map) if (until < now) map.delete(key);
    for (const [key, { until }] of this.subjects) if (until < now) this.subjects.delete(key);
  }
}
