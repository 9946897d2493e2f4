CREATE TABLE "stats_cohort_months" (
	"cohort_month" date NOT NULL,
	"channel_id" integer NOT NULL,
	"month" date NOT NULL,
	"active_members" integer DEFAULT 0 NOT NULL,
	"net_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_cohort_months_cohort_month_channel_id_month_pk" PRIMARY KEY("cohort_month","channel_id","month")
);
