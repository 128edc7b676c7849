// What looks like a person's name in free text, so a child's name is caught before it reaches a card.
// Three detectors: compromise's people() (first names it knows, in any case, and their surnames), pairs
// of capitalised words no word list explains ("Jayden Okoro"), and one such word written the way a name
// is ("Chidi said"). Initials and case references are how a child should be written: they never count.
import nlp from 'compromise';
import { FAMILY_WORDS, HONORIFICS, NOT_NAMES } from './notNames.js';
import { isWelshWord, WELSH_FAMILY_WORDS, WELSH_PLAIN_WORDS } from './welshWords.js';

/** 'capitalised word': one unexplained capitalised word used as a name ("Chidi said", "Kayden's dad"). */
export type NameReason = 'person' | 'capitalised pair' | 'capitalised word';

export interface NameHit {
  /** The words as typed, e.g. "Jayden Smith" (a possessive "'s" left out). */
  text: string;
  /** UTF-16 offset into the checked text, as String.prototype.slice counts. */
  start: number;
  length: number;
  reason: NameReason;
}

export interface NameOptions {
  /** The directory's people: a colleague's name may be written freely. */
  staffNames: readonly string[];
}

interface Span {
  start: number;
  end: number;
  reason: NameReason;
}

/** A compromise term and where its text starts in the checked text. */
interface Placed {
  text: string;
  post: string;
  tags: ReadonlySet<string>;
  start: number;
}

interface RawTerm {
  text: string;
  pre: string;
  post: string;
  tags?: Set<string>;
  index?: [number?, number?];
}

type Doc = ReturnType<typeof nlp>;
const rawTerms = (view: unknown) => (view as { docs: RawTerm[][] }).docs;
const key = (term: RawTerm) => `${term.index?.[0]}:${term.index?.[1]}`;

/**
 * Each sentence's terms with their offsets, counted from compromise's pre + text + post (which
 * together are the text as typed): cheaper than .json({ offset: true }), which a raise waits for.
 */
function placed(text: string, doc: Doc): { sentences: Placed[][]; byIndex: Map<string, Placed> } {
  const byIndex = new Map<string, Placed>();
  let cursor = 0;
  const sentences = rawTerms(doc).map((terms) =>
    terms.flatMap((term) => {
      const start = cursor + term.pre.length;
      cursor = start + term.text.length + term.post.length;
      // Never slice at a guess: a term that is not where the count says is left out.
      if (!text.startsWith(term.text, start)) return [];
      const one = { text: term.text, post: term.post, tags: term.tags ?? new Set<string>(), start };
      byIndex.set(key(term), one);
      return [one];
    }),
  );
  return { sentences, byIndex };
}

// compromise's lexicon is built once, at import; reading it costs a lookup.
const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[] | undefined> } }).one.lexicon;
const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'ProperNoun']);
const WORD = /\p{L}[\p{L}'’-]*/gu;
const POSSESSIVE = /['’]s?$/u;

/** "Jayden's" → "Jayden", "Mr." → "Mr", for looking a word up; the span keeps what was typed. */
function bare(word: string): string {
  return word.replace(/[^\p{L}'’-]+$/u, '').replace(POSSESSIVE, '');
}

/** Initials ("JS", "J.S.") and acronyms ("CAMHS") are the recommended way, never a name. */
function hasLowerCase(word: string): boolean {
  return /\p{Ll}/u.test(word) && /\p{L}.*\p{L}/u.test(word);
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word) && hasLowerCase(word);
}

/** A word English, Welsh or social work explains (a month, "Conference", "Visited", "Mae"), so not a name. */
function isCommonWord(lower: string): boolean {
  if (NOT_NAMES.has(lower) || HONORIFICS.has(lower) || isWelshWord(lower)) return true;
  const tags = lexicon[lower];
  if (tags === undefined) return false;
  return !(Array.isArray(tags) ? tags : [tags]).some((tag) => NAME_TAGS.has(tag));
}

function capitalisedPairs(text: string): Span[] {
  const words = [...text.matchAll(WORD)].map((match) => ({ word: bare(match[0]), start: match.index, end: match.index + match[0].length }));
  const spans: Span[] = [];
  let run: { start: number; end: number; count: number; honorific: boolean } | undefined;
  const close = () => {
    if (run && (run.count >= 2 || (run.honorific && run.count >= 1))) spans.push({ start: run.start, end: run.end, reason: 'capitalised pair' });
    run = undefined;
  };
  for (let index = 0; index < words.length; index += 1) {
    const current = words[index]!;
    const previous = words[index - 1];
    // Only a space joins two words into one name: "Smith, Jones" or "Smith. Jones" are two.
    const joined = previous !== undefined && /^ +$/.test(text.slice(previous.end, current.start));
    if (!joined) close();
    const lower = current.word.toLowerCase();
    if (isCapitalised(current.word) && HONORIFICS.has(lower)) {
      close();
      run = { start: current.start, end: current.end, count: 0, honorific: true };
      continue;
    }
    if (isCapitalised(current.word) && !isCommonWord(lower)) {
      run = run
        ? { ...run, end: current.start + current.word.length, count: run.count + 1 }
        : { start: current.start, end: current.start + current.word.length, count: 1, honorific: false };
      continue;
    }
    close();
  }
  close();
  return spans;
}

/** compromise's people(), each cut down to the words that name someone ("brother Tyler" → "Tyler"). */
function people(doc: Doc, byIndex: Map<string, Placed>): Span[] {
  const spans: Span[] = [];
  for (const match of rawTerms(doc.people())) {
    let current: Span | undefined;
    for (const raw of match) {
      const term = byIndex.get(key(raw));
      const word = bare(raw.text);
      const naming =
        term !== undefined &&
        hasLowerCase(word) &&
        !/\d/.test(word) &&
        !term.tags.has('Actor') &&
        !term.tags.has('Honorific') &&
        !NOT_NAMES.has(word.toLowerCase()) &&
        !isWelshWord(word.toLowerCase()) &&
        !HONORIFICS.has(word.toLowerCase());
      if (naming) {
        const start = term.start + term.text.indexOf(word);
        const end = start + word.length;
        current = current ? { ...current, end } : { start, end, reason: 'person' };
      } else if (current) {
        spans.push(current);
        current = undefined;
      }
    }
    if (current) spans.push(current);
  }
  return spans;
}

// compromise's reading of a word in its sentence that rules out a name.
const NOT_A_NAME_TAGS = [
  'Verb',
  'Plural',
  'Adverb',
  'Conjunction',
  'Preposition',
  'Determiner',
  'Pronoun',
  'Value',
  'Date',
  'Place',
  'Organization',
  'Acronym',
  'Demonym',
];
const SAYS = ['Verb', 'Copula', 'Auxiliary', 'Modal'];

/**
 * Beside a capitalised common word, an unknown word is part of a title ("Royal Infirmary", "Housing
 * Options", "Tree of Life"), not a name; a family word ("Uncle Gary") or an opening verb ("Visited Dominik") is not.
 */
function inTitle(terms: Placed[], index: number): boolean {
  const titled = (neighbour: Placed | undefined, at: number, gap: string | undefined) => {
    if (neighbour === undefined || gap === undefined || gap.trim() !== '') return false;
    const word = bare(neighbour.text);
    const lower = word.toLowerCase();
    if (!isCapitalised(word) || !isCommonWord(lower) || FAMILY_WORDS.has(lower) || HONORIFICS.has(lower)) return false;
    if (WELSH_FAMILY_WORDS.has(lower) || WELSH_PLAIN_WORDS.has(lower.replace(/['’](r|n|m|i|u|w|ch|th)$/u, ''))) return false;
    // "Housing Options" opens with a gerund that is a noun here.
    return !(at === 0 && neighbour.tags.has('Verb') && !neighbour.tags.has('Gerund'));
  };
  const before = terms[index - 1];
  const after = terms[index + 1];
  // "Tree of Life", "Court of Appeal": capitalised words joined by "of" are a title.
  const capitalisedAt = (at: number) => terms[at] !== undefined && isCapitalised(bare(terms[at]!.text));
  const ofTitle = (before?.text === 'of' && capitalisedAt(index - 2)) || (after?.text === 'of' && capitalisedAt(index + 2));
  return ofTitle || titled(before, index - 1, before?.post) || titled(after, index + 1, terms[index]!.post);
}

/**
 * One capitalised word no word list explains, written the way a name is: possessive ("Kayden's dad"),
 * before a verb ("Chidi said"), or capitalised mid-sentence ("a visit with Oluwaseun").
 */
function capitalisedWords(sentences: Placed[][]): Span[] {
  const spans: Span[] = [];
  for (const terms of sentences) {
    terms.forEach((term, index) => {
      const word = bare(term.text);
      const tags = term.tags;
      if (!isCapitalised(word) || /\d/.test(word) || isCommonWord(word.toLowerCase())) return;
      const possessive = word !== term.text.replace(/[^\p{L}'’-]+$/u, '');
      // compromise reads "Simran's school" as an organisation; a possessive name is still a name.
      if (NOT_A_NAME_TAGS.some((tag) => tags.has(tag) && !(possessive && tag === 'Organization'))) return;
      if (inTitle(terms, index)) return;
      const next = terms[index + 1];
      const beforeVerb = next !== undefined && SAYS.some((tag) => next.tags.has(tag));
      const midSentence = index > 0 && tags.has('ProperNoun');
      if (!possessive && !beforeVerb && !midSentence) return;
      const start = term.start + term.text.indexOf(word);
      spans.push({ start, end: start + word.length, reason: 'capitalised word' });
    });
  }
  return spans;
}

function staffWords(staffNames: readonly string[]): Set<string> {
  return new Set(staffNames.flatMap((name) => name.toLowerCase().split(/[\s,]+/)).filter((word) => word !== ''));
}

/** Overlapping finds are one name; the more specific reason wins (person, then pair). */
const RANK: Record<NameReason, number> = { person: 0, 'capitalised pair': 1, 'capitalised word': 2 };

function merged(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
      if (RANK[span.reason] < RANK[last.reason]) last.reason = span.reason;
    } else out.push({ ...span });
  }
  return out;
}

/** What in `text` looks like a person's name, in order; empty when it reads as safe to send. */
export function findNames(text: string, options: NameOptions): NameHit[] {
  const staff = staffWords(options.staffNames);
  const doc = nlp(text);
  const { sentences, byIndex } = placed(text, doc);
  return merged([...people(doc, byIndex), ...capitalisedPairs(text), ...capitalisedWords(sentences)]).flatMap((span) => {
    const typed = text.slice(span.start, span.end);
    const words = [...typed.matchAll(WORD)].map((match) => bare(match[0]).toLowerCase()).filter((word) => !HONORIFICS.has(word));
    // A colleague's name, in full or in part, is not a child's.
    if (words.length === 0 || words.every((word) => staff.has(word))) return [];
    const trimmed = typed.replace(POSSESSIVE, '');
    return [{ text: trimmed, start: span.start, length: trimmed.length, reason: span.reason }];
  });
}
