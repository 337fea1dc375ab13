/**
 * Travelling in time. Medusa stamps an order's and a capture's date with the wall clock, and the plugin
 * reads the invoice date and the payment date from them. So that orders and payments land on their
 * simulated day, the demo database gets a clock (`demo_clock`) and triggers that stamp new orders,
 * captures and captured payments with it. Everything the plugin itself does takes the moment as `now`.
 */
type Knex = any

const INSTALL = `
  CREATE TABLE demo_clock (id int PRIMARY KEY, now timestamptz NOT NULL);
  CREATE FUNCTION demo_clock_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.created_at := COALESCE((SELECT now FROM demo_clock WHERE id = 1), NEW.created_at); RETURN NEW; END $$;
  CREATE FUNCTION demo_clock_captured_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.captured_at IS NOT NULL AND NEW.captured_at IS DISTINCT FROM OLD.captured_at THEN
        NEW.captured_at := COALESCE((SELECT now FROM demo_clock WHERE id = 1), NEW.captured_at);
      END IF;
      RETURN NEW;
    END $$;
  CREATE TRIGGER demo_clock BEFORE INSERT ON "order" FOR EACH ROW EXECUTE FUNCTION demo_clock_created_at();
  CREATE TRIGGER demo_clock BEFORE INSERT ON capture FOR EACH ROW EXECUTE FUNCTION demo_clock_created_at();
  CREATE TRIGGER demo_clock BEFORE UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION demo_clock_captured_at();
`

const REMOVE = `
  DROP TRIGGER demo_clock ON "order"; DROP TRIGGER demo_clock ON capture; DROP TRIGGER demo_clock ON payment;
  DROP FUNCTION demo_clock_created_at(); DROP FUNCTION demo_clock_captured_at(); DROP TABLE demo_clock;
`

export type DemoClock = {
  /** From now on, new orders and captures are stamped with `at`. */
  set(at: Date): Promise<void>
  /** Takes the clock and its triggers out of the database: the store runs on the wall clock again. */
  remove(): Promise<void>
}

export async function installClock(knex: Knex): Promise<DemoClock> {
  await knex.raw(INSTALL)
  return {
    set: async (at) => {
      await knex.raw(`INSERT INTO demo_clock (id, now) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET now = EXCLUDED.now`, [at])
    },
    remove: async () => {
      await knex.raw(REMOVE)
    },
  }
}
