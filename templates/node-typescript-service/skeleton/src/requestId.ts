import { randomUUID } from 'node:crypto';

// An incoming X-Request-Id is reused only when it is short and plain, so a client cannot inject
// text into logs or response headers; anything else is replaced by a fresh id.
const PLAIN_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function requestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && PLAIN_ID.test(incoming) ? incoming : randomUUID();
}
