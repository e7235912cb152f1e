// The one owner check, shared with the golden-path plugin's merge route (@golden-path/node).
export { assertMayCreateFor, ownerRef } from '@golden-path/node';
