import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchDir } from '../bench/bench-helpers';
import { generatedTables, modelsDocPath, tablesBlockOf } from '../bench/models-doc.bench';
import { modelRunPlan } from '../bench/quality-plan';

const withoutTimestamp = (block: string) =>
  block.replace(/^Generated \S+ from /m, 'Generated from ');

interface RecordedRun {
  label: string;
  dataset: string;
  protocols?: string[] | Record<string, unknown>;
}

function recordedRuns(model: string): RecordedRun[] {
  const file = path.join(benchDir, 'results', `models-${model}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { runs: RecordedRun[] }).runs;
}

describe('docs/MODELS.md', () => {
  it('holds exactly the tables the committed benchmark results generate', () => {
    const committed = tablesBlockOf(readFileSync(modelsDocPath, 'utf8'));
    expect(committed).not.toBeNull();
    expect(withoutTimestamp(committed!)).toBe(withoutTimestamp(generatedTables().text));
  });

  it('has a recorded full run for every run of the quality plan', () => {
    const missing = modelRunPlan.filter((planned) => {
      const wanted =
        planned.runner === 'seed-models' && planned.sweep
          ? [planned.validation ? 'B-sweep-validation' : 'B-sweep']
          : planned.protocols;
      return !recordedRuns(planned.model).some((run) => {
        const got = Array.isArray(run.protocols) ? run.protocols : Object.keys(run.protocols ?? {});
        return (
          run.label === planned.label &&
          run.dataset === planned.dataset &&
          wanted.every((p) => got.includes(p))
        );
      });
    });
    expect(missing.map((r) => `${r.model} ${r.dataset} ${r.label}`)).toEqual([]);
  });
});
