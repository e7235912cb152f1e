import { describe, expect, it } from 'vitest';
import { describeFargateSize, fargateSizeOptions } from './fargateSizes';

describe('fargateSizeOptions', () => {
  it('offers exactly the schema’s values, labelled by enumNames', () => {
    expect(fargateSizeOptions({ enum: ['256-512', '1024-2048'], enumNames: ['Smallest', '1 vCPU, 2 GB'] })).toEqual([
      { value: '256-512', label: 'Smallest' },
      { value: '1024-2048', label: '1 vCPU, 2 GB' },
    ]);
  });

  it('labels a value without a name from its numbers', () => {
    expect(fargateSizeOptions({ enum: ['512-1024', '256-512'] })).toEqual([
      { value: '512-1024', label: '0.5 vCPU, 1 GB' },
      { value: '256-512', label: '0.25 vCPU, 512 MB' },
    ]);
  });

  it('offers nothing when the schema has no enum', () => {
    expect(fargateSizeOptions({})).toEqual([]);
  });
});

describe('describeFargateSize', () => {
  it('leaves a value that is no Fargate size as it is', () => {
    expect(describeFargateSize('large')).toBe('large');
    expect(describeFargateSize('256-4096')).toBe('256-4096');
  });
});
