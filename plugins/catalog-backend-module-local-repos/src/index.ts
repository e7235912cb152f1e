/** Lets the catalog (and every plugin's UrlReader) read files from the embedded local git remote. */
export { localReposUrlReader as default } from './module.js';
export { LocalGitUrlReader } from './LocalGitUrlReader.js';
