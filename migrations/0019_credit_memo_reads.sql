-- Credit memos read back from QuickBooks with a cursor of their own.
ALTER TYPE "public"."qb_read_kind" ADD VALUE 'CREDIT_MEMOS';