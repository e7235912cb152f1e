import type { LogEvent, ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import { describe, expect, it } from 'vitest';
import { endOf, stepCompleted, stepStarted } from './taskProgress.js';

/** The step events the scaffolder's workflow runner logs, in order. */
const events = (...steps: [string, string][]): LogEvent[] =>
  steps.map(
    ([stepId, status], id) =>
      ({ id, taskId: 't', type: 'log', createdAt: '', body: { message: '', stepId, status } }) as unknown as LogEvent,
  );

describe('stepStarted and stepCompleted', () => {
  it("counts a step as started when it began its action, not when its if was false or an earlier step's failure skipped it", () => {
    // if false: the runner logs processing, then skipped.
    expect(stepStarted(events(['publish', 'processing'], ['publish', 'skipped']), ['publish'])).toBe(false);
    // An earlier step failed: skipped alone.
    expect(stepStarted(events(['check', 'failed'], ['publish', 'skipped']), ['publish'])).toBe(false);
    // Began and then the backend died: processing alone.
    expect(stepStarted(events(['publish', 'processing']), ['publish'])).toBe(true);
    expect(stepStarted(events(['publish', 'processing'], ['publish', 'failed']), ['publish'])).toBe(true);
    // A retry replaying its checkpoint logs completed without processing.
    expect(stepStarted(events(['publish', 'completed']), ['publish'])).toBe(true);
    // Another step's skip does not undo this one's start.
    expect(stepStarted(events(['publish', 'processing'], ['register', 'skipped']), ['publish'])).toBe(true);
  });

  it('finds a completion in any run of the task', () => {
    const retried = events(['register', 'processing'], ['register', 'failed'], ['register', 'completed']);
    expect(stepCompleted(retried, ['register'])).toBe(true);
    expect(stepCompleted(events(['register', 'processing'], ['register', 'failed']), ['register'])).toBe(false);
    expect(stepCompleted(events(['change-control', 'completed']), ['register'])).toBe(false);
  });
});

describe('endOf', () => {
  it('is the last event, else the last heartbeat, else the creation', () => {
    const task = { createdAt: '2026-11-30T20:00:00.000Z' } as ScaffolderTask;
    expect(endOf(task, []).toISOString()).toBe('2026-11-30T20:00:00.000Z');
    const beat = { ...task, lastHeartbeatAt: '2026-11-30T20:05:00.000Z' };
    expect(endOf(beat, []).toISOString()).toBe('2026-11-30T20:05:00.000Z');
    const logged = [{ createdAt: '2026-11-30T20:07:00.000Z', body: {} } as LogEvent];
    expect(endOf(beat, logged).toISOString()).toBe('2026-11-30T20:07:00.000Z');
  });
});
