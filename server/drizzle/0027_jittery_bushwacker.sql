-- Hand-written (issue 16): behaviour_events becomes PARTITIONED BY RANGE (occurred_at), one partition per China-time
-- month (behaviour_events_yYYYYmMM = [the 1st 00:00 +08:00, the next 1st 00:00 +08:00)) plus a DEFAULT partition
-- as a safety net. Existing rows are kept (rename old, create new, copy, drop old) and the id sequence too.
-- The partitions of every month holding rows, and of last month … next 2 months, are made here; afterwards
-- ensureBehaviourPartitions (server/src/modules/behaviour/partitions.ts) makes them at start and daily.
ALTER TABLE "behaviour_events" RENAME TO "behaviour_events_old";--> statement-breakpoint
DROP INDEX "behaviour_events_member_idx";--> statement-breakpoint
DROP INDEX "behaviour_events_device_idx";--> statement-breakpoint
DROP INDEX "behaviour_events_time_idx";--> statement-breakpoint
CREATE TABLE "behaviour_events" (
	"id" bigint DEFAULT nextval('behaviour_events_id_seq'::regclass) NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"device_id" text,
	"member_id" integer,
	"product_id" integer,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "behaviour_events_id_occurred_at_pk" PRIMARY KEY("id","occurred_at")
) PARTITION BY RANGE ("occurred_at");--> statement-breakpoint
ALTER SEQUENCE "behaviour_events_id_seq" OWNED BY "behaviour_events"."id";--> statement-breakpoint
CREATE INDEX "behaviour_events_member_idx" ON "behaviour_events" USING btree ("member_id","type","occurred_at");--> statement-breakpoint
CREATE INDEX "behaviour_events_device_idx" ON "behaviour_events" USING btree ("device_id","occurred_at");--> statement-breakpoint
CREATE INDEX "behaviour_events_time_idx" ON "behaviour_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE TABLE "behaviour_events_default" PARTITION OF "behaviour_events" DEFAULT;--> statement-breakpoint
DO $$
DECLARE
	m timestamp;
BEGIN
	FOR m IN
		SELECT DISTINCT date_trunc('month', ("occurred_at" AT TIME ZONE 'UTC') + interval '8 hours') FROM "behaviour_events_old"
		UNION
		SELECT date_trunc('month', (now() AT TIME ZONE 'UTC') + interval '8 hours') + make_interval(months => k) FROM generate_series(-1, 2) AS k
	LOOP
		EXECUTE format(
			'CREATE TABLE IF NOT EXISTS %I PARTITION OF "behaviour_events" FOR VALUES FROM (%L) TO (%L)',
			'behaviour_events_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'),
			to_char(m, 'YYYY-MM-DD') || ' 00:00:00+08',
			to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+08'
		);
	END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "behaviour_events" ("id", "type", "occurred_at", "device_id", "member_id", "product_id", "data", "created_at")
	SELECT "id", "type", "occurred_at", "device_id", "member_id", "product_id", "data", "created_at" FROM "behaviour_events_old";--> statement-breakpoint
DROP TABLE "behaviour_events_old";
