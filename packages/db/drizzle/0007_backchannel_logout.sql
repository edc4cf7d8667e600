CREATE TABLE "backchannel_logout_delivery" (
	"id" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "oauth_client_logout" (
	"client_id" text PRIMARY KEY NOT NULL,
	"uri" text NOT NULL,
	"session_required" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "backchannel_logout_delivery" ADD CONSTRAINT "backchannel_logout_delivery_client_id_oauth_client_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."oauth_client"("client_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_client_logout" ADD CONSTRAINT "oauth_client_logout_client_id_oauth_client_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."oauth_client"("client_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backchannel_logout_delivery_due_idx" ON "backchannel_logout_delivery" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "backchannel_logout_delivery_client_idx" ON "backchannel_logout_delivery" USING btree ("client_id","created_at");