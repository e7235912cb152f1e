/** Backend plugin `golden-path`: the portal's name check and the embedded git remote's browse pages. */
export { goldenPathPlugin as default } from './plugin.js';
