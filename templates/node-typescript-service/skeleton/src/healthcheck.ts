// The container's HEALTHCHECK (distroless has no shell or curl): exit 0 when the liveness probe
// answers 200 on this container's port, 1 otherwise. ECS and the load balancer use their own checks.
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.ts';
import { SERVICE } from './service.ts';

export async function healthy(port: number, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${SERVICE.livenessPath}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = (await healthy(loadConfig(process.env).port)) ? 0 : 1;
}
