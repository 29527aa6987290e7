import { parseArgs } from 'node:util';

/** The `twotier db …` lines of `twotier --help`. */
export const DB_HELP = `  twotier db copy --from ./twotier.db --to postgres://… [--batch 5000]
      Copies every table of a SQLite database into an empty PostgreSQL database (migrated first), in batches,
      then checks row counts and every distributor's balance on both sides. Stop the server first.
  twotier db citus [--db postgres://…]
      Prints the Citus statements that spread the database over several machines by shop_id, and what in the
      live schema stands in the way (a primary key or unique constraint without shop_id).
`;

/** Runs `twotier db <sub> …`; returns the exit code. */
export async function runDbCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' }, db: { type: 'string' } },
  });
  const [sub] = positionals;
  if (sub === 'copy') {
    if (!values.from || !values.to) {
      process.stderr.write(`twotier db copy needs --from <sqlite file> and --to postgres://…\n\n${DB_HELP}`);
      return 2;
    }
    const { copyDatabase, formatCopyReport, CopyError } = await import('./copy-database');
    const batchRows = values.batch ? Number(values.batch) : undefined;
    if (batchRows !== undefined && (!Number.isInteger(batchRows) || batchRows < 1 || batchRows > 50_000)) {
      process.stderr.write(`--batch must be a whole number of rows from 1 to 50000, got ${values.batch}\n`);
      return 2;
    }
    try {
      const report = await copyDatabase({ from: values.from, to: values.to, ...(batchRows ? { batchRows } : {}), log: (line) => process.stderr.write(`${line}\n`) });
      process.stdout.write(formatCopyReport(report, values.to));
      return 0;
    } catch (error) {
      if (error instanceof CopyError) {
        process.stderr.write(`twotier db copy: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  }
  if (sub === 'citus') {
    const { citusPlan, formatCitusPlan, CitusPlanError } = await import('./citus-plan');
    const url = values.db ?? process.env.DATABASE_URL;
    if (!url || !/^postgres(ql)?:\/\//.test(url)) {
      process.stderr.write('twotier db citus reads the live schema: give --db postgres://… or DATABASE_URL\n');
      return 2;
    }
    try {
      process.stdout.write(formatCitusPlan(await citusPlan(url)));
      return 0;
    } catch (error) {
      if (error instanceof CitusPlanError) {
        process.stderr.write(`twotier db citus: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  }
  process.stderr.write(`unknown command: db ${positionals.join(' ')}\n\n${DB_HELP}`);
  return 2;
}
