import { scaffolderSuite } from './scaffolderSuite.ts';

// The embedded default: SQLite files in the backend's own temp data folder.
scaffolderSuite('SQLite', async () => ({}));
