-- Rate limits shared across instances (issue 18): what each instance drew per budget in the current window. Unlogged: a minute of counts needs no crash safety.
CREATE UNLOGGED TABLE "rate_limit_shares" (
	"bucket" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"instance" uuid NOT NULL,
	"points" integer NOT NULL,
	CONSTRAINT "rate_limit_shares_bucket_window_start_instance_pk" PRIMARY KEY("bucket","window_start","instance")
);
