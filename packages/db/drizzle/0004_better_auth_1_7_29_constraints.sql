-- Better Auth 1.7.29's schema makes these columns required. Better Auth always wrote them; rows
-- written otherwise are completed (timestamps) or dropped (a token row without its token is unusable).
DELETE FROM "oauth_access_token" WHERE "token" IS NULL;--> statement-breakpoint
UPDATE "oauth_access_token" SET "created_at" = now() WHERE "created_at" IS NULL;--> statement-breakpoint
UPDATE "oauth_access_token" SET "expires_at" = now() WHERE "expires_at" IS NULL;--> statement-breakpoint
UPDATE "oauth_refresh_token" SET "created_at" = now() WHERE "created_at" IS NULL;--> statement-breakpoint
UPDATE "oauth_refresh_token" SET "expires_at" = now() WHERE "expires_at" IS NULL;--> statement-breakpoint
UPDATE "oauth_consent" SET "created_at" = now() WHERE "created_at" IS NULL;--> statement-breakpoint
UPDATE "oauth_consent" SET "updated_at" = "created_at" WHERE "updated_at" IS NULL;--> statement-breakpoint
DELETE FROM "oauth_client_resource" a USING "oauth_client_resource" b WHERE a."client_id" = b."client_id" AND a."resource_id" = b."resource_id" AND a."id" > b."id";--> statement-breakpoint
ALTER TABLE "oauth_access_token" ALTER COLUMN "token" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_access_token" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_access_token" ALTER COLUMN "created_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_consent" ALTER COLUMN "created_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_consent" ALTER COLUMN "updated_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_refresh_token" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_refresh_token" ALTER COLUMN "created_at" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "oauthClientResource_clientId_resourceId_uidx" ON "oauth_client_resource" USING btree ("client_id","resource_id");