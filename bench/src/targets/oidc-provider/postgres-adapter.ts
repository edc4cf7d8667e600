import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";
import type { Sql } from "postgres";

/** One table for every model, as node-oidc-provider's own example adapters do. */
export const OIDC_SCHEMA = `
create table if not exists oidc_model (
  id text not null,
  type text not null,
  payload jsonb not null,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (id, type)
);
create index if not exists oidc_model_grant_id on oidc_model (grant_id);
create index if not exists oidc_model_uid on oidc_model (uid);
create table if not exists oidc_account (id text primary key, email text not null, name text not null, email_verified boolean not null);
`;

type Row = { payload: AdapterPayload; consumed_at: Date | null };

/**
 * The small PostgreSQL adapter the bench gives node-oidc-provider: the storage-comparable peer
 * of this project's server. One indexed lookup per find, one statement per write.
 */
export function postgresAdapter(sql: Sql): AdapterFactory {
  return (type: string): Adapter => {
    const first = (rows: Row[]): AdapterPayload | undefined => {
      const [row] = rows;
      if (!row) return undefined;
      return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
    };
    return {
      async upsert(id, payload, expiresIn) {
        const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
        await sql`
          insert into oidc_model (id, type, payload, grant_id, user_code, uid, expires_at)
          values (${id}, ${type}, ${sql.json(payload as Parameters<typeof sql.json>[0])}, ${payload.grantId ?? null},
                  ${payload.userCode ?? null}, ${payload.uid ?? null}, ${expiresAt})
          on conflict (id, type) do update
          set payload = excluded.payload, grant_id = excluded.grant_id, user_code = excluded.user_code,
              uid = excluded.uid, expires_at = excluded.expires_at`;
      },
      async find(id) {
        return first(
          await sql<Row[]>`select payload, consumed_at from oidc_model where id = ${id} and type = ${type} and (expires_at is null or expires_at > now())`,
        );
      },
      async findByUid(uid) {
        return first(
          await sql<Row[]>`select payload, consumed_at from oidc_model where uid = ${uid} and type = ${type} and (expires_at is null or expires_at > now())`,
        );
      },
      async findByUserCode(userCode) {
        return first(
          await sql<
            Row[]
          >`select payload, consumed_at from oidc_model where user_code = ${userCode} and type = ${type} and (expires_at is null or expires_at > now())`,
        );
      },
      async consume(id) {
        await sql`update oidc_model set consumed_at = now() where id = ${id} and type = ${type}`;
      },
      async destroy(id) {
        await sql`delete from oidc_model where id = ${id} and type = ${type}`;
      },
      async revokeByGrantId(grantId) {
        await sql`delete from oidc_model where grant_id = ${grantId}`;
      },
    };
  };
}
