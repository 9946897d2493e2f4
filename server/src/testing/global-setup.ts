import { testDrivers } from './drivers';
import { buildTemplates } from './test-db';

/** jest globalSetup: migrated database templates for PGlite and the PostgreSQL server. */
export default async function globalSetup(): Promise<void> {
  await buildTemplates(testDrivers());
}
