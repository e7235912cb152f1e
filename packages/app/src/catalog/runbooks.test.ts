import { describe, expect, it } from 'vitest';
import { runbookPages } from './runbooks';

describe('runbookPages', () => {
  it("lists the runbook pages of a built TechDocs site's file list, one per alarm, sorted", () => {
    const files = [
      'index.html',
      'runbooks/index.html',
      'runbooks/high-cpu/index.html',
      'runbooks/high-5xx-rate/index.html',
      'runbooks/high-cpu/extra.png',
      'pipeline/index.html',
      'search/search_index.json',
    ];
    expect(runbookPages(files)).toEqual(['high-5xx-rate', 'high-cpu']);
  });

  it('finds none in a site without runbooks or without a file list', () => {
    expect(runbookPages(['index.html'])).toEqual([]);
    expect(runbookPages(undefined)).toEqual([]);
    expect(runbookPages([42, null])).toEqual([]);
  });
});
