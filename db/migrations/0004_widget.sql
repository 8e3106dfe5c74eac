CREATE TABLE "widget_secret" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"sealed" text NOT NULL,
	"hint" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "business" ADD COLUMN "widget_public_key" text DEFAULT 'pk_' || replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "business" ADD COLUMN "widget_settings" jsonb DEFAULT '{"allowedOrigins":[],"agentId":null,"color":"#4f46e5","position":"right","launcherText":"Chat with us","greeting":null,"requireVerifiedIdentity":false}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "widget_secret" ADD CONSTRAINT "widget_secret_business_id_business_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."business"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_secret" ADD CONSTRAINT "widget_secret_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_widget_public_key_unique" ON "business" USING btree ("widget_public_key");