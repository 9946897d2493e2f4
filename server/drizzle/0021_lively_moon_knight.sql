CREATE TABLE "journey_segment_members" (
	"journey_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journey_segment_members_journey_id_member_id_pk" PRIMARY KEY("journey_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "journey_trigger_state" (
	"journey_id" integer PRIMARY KEY NOT NULL,
	"last_run" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "journey_segment_members" ADD CONSTRAINT "journey_segment_members_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_segment_members" ADD CONSTRAINT "journey_segment_members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_trigger_state" ADD CONSTRAINT "journey_trigger_state_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;