CREATE TABLE "throttle_counter" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"window_ends_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "throttle_counter_window_ends_at_idx" ON "throttle_counter" USING btree ("window_ends_at");