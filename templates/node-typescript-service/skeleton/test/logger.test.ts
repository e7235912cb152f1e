import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../src/logger.ts';
import { SERVICE } from '../src/service.ts';
import { MemorySink } from './helpers.ts';

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, service and fields', () => {
    const sink = new MemorySink();
    createLogger('info', sink).info('hello', { answer: 42 });
    assert.equal(sink.lines.length, 1);
    const [line] = sink.lines;
    assert.equal(line!.level, 'info');
    assert.equal(line!.msg, 'hello');
    assert.equal(line!.service, SERVICE.name);
    assert.equal(line!.answer, 42);
    assert.ok(!Number.isNaN(Date.parse(String(line!.time))));
  });

  it('drops lines below its level', () => {
    const sink = new MemorySink();
    const logger = createLogger('warn', sink);
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    assert.deepEqual(
      sink.lines.map(l => l.level),
      ['warn', 'error'],
    );
  });

  it('adds a child logger fields to every line', () => {
    const sink = new MemorySink();
    const child = createLogger('debug', sink).child({ request_id: 'abc' });
    child.debug('one');
    child.child({ step: 2 }).info('two');
    assert.deepEqual(
      sink.lines.map(l => [l.msg, l.request_id, l.step]),
      [
        ['one', 'abc', undefined],
        ['two', 'abc', 2],
      ],
    );
  });

  it('logs an error with its name, message and stack', () => {
    const sink = new MemorySink();
    createLogger('info', sink).error('failed', { error: new TypeError('boom') });
    const error = sink.lines[0]!.error as Record<string, string>;
    assert.equal(error.name, 'TypeError');
    assert.equal(error.message, 'boom');
    assert.match(error.stack!, /boom/);
  });

  it('keeps a value with a line break on one line', () => {
    const sink = { text: '', write: (line: string) => (sink.text += line) };
    createLogger('info', sink).info('multi\nline', { note: 'a\nb' });
    assert.equal(sink.text.split('\n').length, 2); // one line and the final newline
  });
});
