/**
 * Lets the catalog (and every plugin's UrlReader) read files and folders from the embedded local git
 * remote, and makes an entity's source its repository there.
 */
export { localRepos as default } from './module.js';
export { LocalGitUrlReader } from './LocalGitUrlReader.js';
export { LocalSourceLocationProcessor } from './LocalSourceLocationProcessor.js';
