import { describe, expect, it } from 'vitest';
import { parseFargateSize } from './fargate.js';

describe('parseFargateSize', () => {
  it('labels a size in GB, and in MB under 1 GB (the label the runbooks show)', () => {
    expect(parseFargateSize('512-1024')).toEqual({ cpu: 512, memory: 1024, label: '0.5 vCPU, 1 GB' });
    expect(parseFargateSize('256-512')).toEqual({ cpu: 256, memory: 512, label: '0.25 vCPU, 512 MB' });
    expect(parseFargateSize('4096-30720')).toMatchObject({ label: '4 vCPU, 30 GB' });
  });

  it('says why a value is not a Fargate size', () => {
    expect(parseFargateSize('large')).toBe('must be written "<cpu units>-<memory MiB>", for example "512-1024"');
    expect(parseFargateSize('300-512')).toBe(
      '300 CPU units is not a Fargate size; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384',
    );
    expect(parseFargateSize('512-9999')).toBe(
      '9999 MiB is not valid with 512 CPU units on Fargate; allowed: 1024, 2048, 3072, 4096',
    );
  });
});
