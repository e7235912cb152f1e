import { upgradeSuite } from './upgradeSuite.ts';

// Day 2 on the embedded default: SQLite files in the backend's own temp data folder.
upgradeSuite('SQLite', async () => ({}));
