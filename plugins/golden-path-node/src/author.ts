/** Who makes a commit when neither the step nor git's own config names anyone (CI, fresh containers). */
export const FALLBACK_AUTHOR = { name: 'Golden Path', email: 'golden-path@localhost' } as const;
