import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type Postgres } from '../testing/postgres.ts';
import { upgradeSuite } from './upgradeSuite.ts';

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

// Day 2 on PostgreSQL: a throwaway cluster, plugin databases under their own prefix. Test tokens
// for any user need SQLite (test/testing/userTokens.ts): here everything is done as Lin (platform),
// signed in as the guest; the outsider's refusals run on SQLite.
upgradeSuite('PostgreSQL', async () => ({ database: pg.database('gp_day2_') }), 'guest');
