import { openDatabase } from '../db';
import { DomainError } from '../domain/errors';
import { createAdminUser } from './admin-users';

/** Help lines of `twotier admin …`. */
export const ADMIN_HELP = `  twotier admin create --shop <shop id> --email <email> --password <12+ chars> [--db …]
      Creates a sign-in for the shop's admin dashboard at /admin (TWOTIER_ADMIN_PASSWORD may replace --password).
`;

/** `twotier admin create`: returns the exit code. */
export async function runAdminCommand(
  sub: string | undefined,
  values: { shop?: string | undefined; email?: string | undefined; password?: string | undefined },
  databaseUrl: string,
): Promise<number> {
  const password = values.password ?? process.env.TWOTIER_ADMIN_PASSWORD;
  if (sub !== 'create' || !values.shop || !values.email || !password) {
    process.stderr.write(`usage:\n${ADMIN_HELP}`);
    return 2;
  }
  const db = await openDatabase({ url: databaseUrl });
  try {
    const user = await createAdminUser(db, { shopId: values.shop, email: values.email, password }, Date.now());
    process.stdout.write(`admin ${user.email} can now sign in to /admin for shop ${user.shopId}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await db.close();
  }
}
