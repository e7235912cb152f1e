// Backstage's createMockActionContext calls the global jest.fn; under vitest, vi.fn is that function.
import { vi } from 'vitest';

(globalThis as unknown as { jest: { fn: typeof vi.fn } }).jest ??= { fn: vi.fn };
