CREATE TABLE "oauth_client_token_policy" (
	"client_id" text PRIMARY KEY NOT NULL,
	"access_token_format" text DEFAULT 'opaque' NOT NULL,
	"access_token_lifetime" integer,
	"refresh_token_policy" text DEFAULT 'offline_access' NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oauth_client_token_policy" ADD CONSTRAINT "oauth_client_token_policy_client_id_oauth_client_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."oauth_client"("client_id") ON DELETE cascade ON UPDATE no action;