/**
 * The branch of every generated repository whose commits are pure renders: the first is the render
 * the repository was created from (the creation commit itself), each later one the render of the
 * version it was upgraded to. It is the exact base of every upgrade's three-way merge, so creating
 * a repository (CLI --git, the embedded remote, GitHub) makes it beside main.
 */
export const BASE_BRANCH = 'golden-path/base';
