import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestId } from '../src/requestId.ts';

describe('requestId', () => {
  it('reuses a plain incoming id', () => {
    assert.equal(requestId('abc-123_X.y'), 'abc-123_X.y');
  });

  for (const incoming of [undefined, '', 'a b', 'x'.repeat(129), 'id\r\nSet-Cookie: x', ['a', 'b']]) {
    it(`makes a new id for ${JSON.stringify(incoming)}`, () => {
      const id = requestId(incoming);
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.notEqual(requestId(incoming), id);
    });
  }
});
