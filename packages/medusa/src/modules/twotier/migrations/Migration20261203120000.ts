import { Migration } from '@medusajs/framework/mikro-orm/migrations';

/** The outbox table of {@link TwotierEvent}, as `medusa plugin:db:generate` writes it. */
export class Migration20261203120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "twotier_event" ("id" text not null, "key" text not null, "kind" text check ("kind" in ('order', 'refund')) not null, "medusa_order_id" text not null, "twotier_order_id" text not null, "position" integer not null default 0, "payload" jsonb null, "status" text check ("status" in ('pending', 'sent', 'refused')) not null default 'pending', "attempts" integer not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "result" jsonb null, "sent_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "twotier_event_pkey" primary key ("id"));`,
    );
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_twotier_event_deleted_at" ON "twotier_event" (deleted_at) WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_twotier_event_key_unique" ON "twotier_event" (key) WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_twotier_event_medusa_order_id" ON "twotier_event" (medusa_order_id) WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_twotier_event_status_next_attempt_at" ON "twotier_event" (status, next_attempt_at) WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "twotier_event" cascade;`);
  }
}
