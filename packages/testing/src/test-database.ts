// The database helpers live with the database package, so its own tests and the auth package's use them
// too; the harness hands them on so that a suite imports everything it needs from one place.
export { createPostgresDatabase, testDatabaseKinds } from "@iam/db/testing";
export type { TestDatabase, TestDatabaseKind } from "@iam/db/testing";
