// `yo golden-path` finds this file (package generator-golden-path, generator "app"); the
// generator itself is compiled from src/generator.ts, the same one `golden-path create` runs.
export { default } from '../../dist/generator.js';
