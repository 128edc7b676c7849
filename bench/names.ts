// Names in free text: recall and false alarms on the invented corpus, and the time a check adds to a
// raise, against two baselines in the same run: splitting the text on spaces (the least a check could
// do) and compromise's nlp(text) alone (the library's own floor, which findNames builds on).
// Alone: npx tsx bench/names.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../src/config/paths.js';

const staffNames = ['Helen Clarke', 'Daniel Reid', 'Priya Shah', 'Tom Evans', 'Grace Okafor', 'Marcus Bell'];
const ROUNDS = 20;

function sentences(file: string): string[] {
  return readFileSync(path.join(projectRoot, 'test/fixtures/names', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/**
 * Mean per call and the 99th percentile of single calls, for each body over the same texts. The bodies
 * take turns round by round (after one unmeasured pass each), so the machine's other work falls on all alike.
 */
function perCall(texts: string[], bodies: ((text: string) => unknown)[]): { mean: number; p99: number }[] {
  for (const body of bodies) for (const text of texts) body(text);
  const calls = bodies.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    bodies.forEach((body, which) => {
      for (const text of texts) {
        const before = performance.now();
        body(text);
        calls[which]!.push(performance.now() - before);
      }
    });
  }
  return calls.map((times) => ({
    mean: times.reduce((sum, time) => sum + time, 0) / times.length,
    p99: times.sort((a, b) => a - b)[Math.floor(times.length * 0.99)]!,
  }));
}

const ms = (value: number) => `${value.toFixed(value < 0.01 ? 4 : 3)} ms`;
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export async function runNamesBench(): Promise<string> {
  // The one-off cost, paid when the server starts: compromise builds its lexicon at import.
  const loadStarted = performance.now();
  const { findNames } = await import('../src/domain/text/names.js');
  const { default: nlp } = await import('compromise');
  const load = performance.now() - loadStarted;

  const lines: string[] = ['Names in free text (src/domain/text/names.ts)', ''];
  const all: string[] = [];
  for (const [label, withNames, withoutNames] of [
    ['corpus', 'with-names.txt', 'without-names.txt'],
    ['further sentences', 'held-out-with-names.txt', 'held-out-without-names.txt'],
  ] as const) {
    const named = sentences(withNames);
    const plain = sentences(withoutNames);
    all.push(...named, ...plain);
    const caught = named.filter((text) => findNames(text, { staffNames }).length > 0).length;
    const alarms = plain.filter((text) => findNames(text, { staffNames }).length > 0).length;
    lines.push(
      `${label}: recall ${caught}/${named.length} (${percent(caught / named.length)}), false alarms ${alarms}/${plain.length} (${percent(alarms / plain.length)})`,
    );
  }

  // A long "What happened": twenty sentences in one text, as a practitioner might paste from notes.
  const long = Array.from({ length: 14 }, (_, index) => all.slice(index * 20, index * 20 + 20).join(' '));
  const figures = (label: string, texts: string[]) => {
    const [check, library, split] = perCall(texts, [(text) => findNames(text, { staffNames }), (text) => nlp(text), (text) => text.split(/\s+/)]) as [
      { mean: number; p99: number },
      { mean: number; p99: number },
      { mean: number; p99: number },
    ];
    const characters = Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length);
    return [
      '',
      `${label}: ${texts.length} texts, mean ${characters} characters, ${ROUNDS} rounds`,
      `  findNames:                      ${ms(check.mean)} a text (p99 ${ms(check.p99)}), ${(check.mean / library.mean).toFixed(2)}x nlp(text), ${Math.round(check.mean / split.mean)}x split`,
      `  baseline: compromise nlp(text): ${ms(library.mean)} a text (p99 ${ms(library.p99)})`,
      `  baseline: text.split(/\\s+/):    ${ms(split.mean)} a text (p99 ${ms(split.p99)})`,
    ];
  };
  lines.push(...figures('one sentence', all), ...figures('twenty sentences', long), '', `loading compromise and the module, once: ${Math.round(load)} ms`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await runNamesBench());
