import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';
import { isDockerfile, parseImageRef } from './dockerfile.js';

// A syntactically valid digest: the policy checks that one is there, not which.
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('dockerfile validator', () => {
  it('recognises Dockerfile names', () => {
    expect(['Dockerfile', 'docker/Dockerfile.prod', 'api.Dockerfile', 'Containerfile'].every(isDockerfile)).toBe(true);
    expect(isDockerfile('Dockerfile-notes.md')).toBe(false);
  });

  it('reads tags and digests, not registry ports', () => {
    expect(parseImageRef('registry:5000/python')).toEqual({ tag: undefined, digest: undefined });
    expect(parseImageRef(`python:3.11-slim@${DIGEST}`)).toEqual({ tag: '3.11-slim', digest: DIGEST });
  });

  it('passes a pinned multi-stage build that runs as a non-root user', async () => {
    const dir = await fixture({
      Dockerfile: text`
        ARG BASE=python:3.11-slim@${DIGEST}
        FROM \${BASE} AS build
        RUN pip wheel --wheel-dir /wheels .
        FROM build AS test
        FROM python:3.11-slim@${DIGEST}
        COPY --from=build /wheels /wheels
        USER 10001:10001
        CMD ["gunicorn"]
      `,
    });
    const { report, messages } = await runOnly(dir, 'dockerfile');
    expect(messages).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('flags an unpinned FROM, latest, a remote ADD and a root final stage, on their lines', async () => {
    const dir = await fixture({
      Dockerfile: text`
        FROM python:3.11-slim AS build
        FROM debian:latest
        ADD https://example.com/tool.tgz /opt/
        USER root
      `,
    });
    const { report, messages } = await runOnly(dir, 'dockerfile');
    expect(report.ok).toBe(false);
    expect(messages).toEqual([
      expect.stringMatching(/^Dockerfile:1 FROM python:3.11-slim: pin the base image by digest/),
      expect.stringMatching(/^Dockerfile:2 FROM debian:latest: pin/),
      expect.stringMatching(/^Dockerfile:2 .*"latest" tag is not allowed/),
      expect.stringMatching(/^Dockerfile:3 ADD https:\/\/example.com\/tool.tgz: do not ADD from a URL/),
      expect.stringMatching(/^Dockerfile:4 the final stage runs as root/),
    ]);
  });

  it('flags a final stage without USER and an invalid instruction', async () => {
    const dir = await fixture({ Dockerfile: `FROM python@${DIGEST}\nCOPYY . /app\n` });
    const { messages } = await runOnly(dir, 'dockerfile');
    expect(messages).toEqual([
      expect.stringMatching(/^Dockerfile:1 the final stage sets no USER/),
      expect.stringMatching(/^Dockerfile:2 Unknown instruction: COPYY/),
    ]);
  });
});
