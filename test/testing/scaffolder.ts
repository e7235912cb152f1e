import type { TestBackend } from './backend.ts';
import { waitFor } from './ports.ts';

export const TEMPLATE_REF = 'template:default/python-django-service';

/** Values for python-django-service: a valid service owned by payments, in the acme-fintech organisation. */
export function serviceValues(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    description: 'Records card payments for the ledger.',
    owner: 'group:default/payments',
    system: 'payments',
    lifecycle: 'experimental',
    dataClassification: 'pci',
    githubOrg: 'acme-fintech',
    awsRegion: 'eu-west-1',
    fargateSize: '512-1024',
    desiredCount: 2,
    maxCount: 4,
    loadBalancerScheme: 'internal',
    alarmEmail: 'payments-oncall@acme-fintech.example',
    ...overrides,
  };
}

/** A short unique service name (3 to 32 characters, kebab case). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.slice(0, 32);
}

export interface Task {
  id: string;
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled' | string;
  spec: Record<string, unknown>;
}

export interface TaskEvent {
  type: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    error?: { name?: string; message?: string };
    output?: { links?: { title: string; url?: string; entityRef?: string }[] };
  };
}

export async function createTask(backend: TestBackend, values: Record<string, unknown>): Promise<string> {
  const { id } = await backend.json<{ id: string }>('/api/scaffolder/v2/tasks', {
    method: 'POST',
    json: { templateRef: TEMPLATE_REF, values },
  });
  return id;
}

// A whole task (the gate, publishing, registration) has taken minutes with three test files running
// on 2 cores; tests that claim a bound of the product's pass their own.
export async function waitForTask(backend: TestBackend, id: string, timeoutMs = 300_000): Promise<Task> {
  return waitFor(
    `task ${id} to end`,
    async () => {
      const task = await backend.json<Task>(`/api/scaffolder/v2/tasks/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(task.status) ? task : undefined;
    },
    timeoutMs,
    100,
  );
}

export function taskEvents(backend: TestBackend, id: string): Promise<TaskEvent[]> {
  return backend.json<TaskEvent[]>(`/api/scaffolder/v2/tasks/${id}/events`);
}

/** The task's final event (completion), with its error or output. */
export async function completion(backend: TestBackend, id: string): Promise<TaskEvent> {
  const events = await taskEvents(backend, id);
  const last = events.filter(e => e.type === 'completion').at(-1);
  if (!last) throw new Error(`task ${id} has no completion event`);
  return last;
}

/** Runs a task to its end: the task and its completion event. */
export async function runTask(
  backend: TestBackend,
  values: Record<string, unknown>,
): Promise<{ id: string; task: Task; done: TaskEvent }> {
  const id = await createTask(backend, values);
  const task = await waitForTask(backend, id);
  return { id, task, done: await completion(backend, id) };
}
