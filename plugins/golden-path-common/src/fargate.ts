/** CPU units and the memory (MiB) Fargate accepts with each, for Linux tasks. */
const FARGATE_MEMORY: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

export interface FargateSize {
  cpu: number;
  memory: number;
  /** e.g. "0.5 vCPU, 1 GB"; under 1 GB in MB: "0.25 vCPU, 512 MB" */
  label: string;
}

/** The one label of a task size, for the portal's picker, the template's enumNames and the runbooks. */
function fargateSizeLabel(cpu: number, memory: number): string {
  return `${cpu / 1024} vCPU, ${memory >= 1024 ? `${memory / 1024} GB` : `${memory} MB`}`;
}

/** Parses a size written "<cpu>-<memory>" (e.g. "512-1024"), or returns why it is not a Fargate size. */
export function parseFargateSize(value: string): FargateSize | string {
  const m = /^(\d+)-(\d+)$/.exec(value);
  if (!m) return 'must be written "<cpu units>-<memory MiB>", for example "512-1024"';
  const cpu = Number(m[1]);
  const memory = Number(m[2]);
  const allowed = FARGATE_MEMORY[cpu];
  if (!allowed) return `${cpu} CPU units is not a Fargate size; allowed: ${Object.keys(FARGATE_MEMORY).join(', ')}`;
  if (!allowed.includes(memory)) {
    return `${memory} MiB is not valid with ${cpu} CPU units on Fargate; allowed: ${allowed.join(', ')}`;
  }
  return { cpu, memory, label: fargateSizeLabel(cpu, memory) };
}
