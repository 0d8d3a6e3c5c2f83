import { withClient } from './database';

/**
 * Fails the whole run, with how to start PostgreSQL, when it is not answering: these tests never
 * skip silently (CI has PostgreSQL).
 */
export default async function checkPostgres(): Promise<void> {
  await withClient((c) => c.query('SELECT 1'));
}
