// Rules in plain English, shared by `policy explain` and, later, the cards.
import type { Deadline } from './fields.js';
import type { Cadence, SimpleCadence } from './schema.js';
import type { Duration } from '../time/duration.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function every(duration: Duration): string {
  return duration.amount === 1 ? `every ${duration.text.replace(/^1 /, '')}` : `every ${duration.text}`;
}

export function simpleCadenceInWords(cadence: SimpleCadence): string {
  switch (cadence.type) {
    case 'rolling': {
      const range = cadence.notBefore ? `every ${cadence.notBefore.text} to ${cadence.every.text}` : `at least ${every(cadence.every)}`;
      return cadence.first ? `${range}, the first within ${cadence.first.text} of starting` : range;
    }
    case 'calendar': {
      const yearStart = cadence.yearStartsInMonth && cadence.yearStartsInMonth !== 1 ? ` (years start in ${MONTHS[cadence.yearStartsInMonth - 1]})` : '';
      return `once in every calendar ${cadence.period}${yearStart}`;
    }
    case 'per-year': {
      const months = 12 / cadence.count;
      const origin = cadence.from === 'start-date' ? 'counted from the start date' : 'counted from 1 January';
      if (cadence.spread === 'none') return `${cadence.count} a year, at any time in the year, each year ${origin}`;
      return `${cadence.count} a year, one in each ${months}-month period ${origin}`;
    }
    case 'as-required':
      return 'as required (no fixed frequency)';
  }
}

export function cadenceInWords(cadence: Cadence): string {
  if (cadence.type !== 'phased') return simpleCadenceInWords(cadence);
  return cadence.phases
    .map((phase, index) => {
      const words = simpleCadenceInWords(phase.cadence);
      if (phase.until === undefined) return `then ${words}`;
      const until = phase.until === 'agreed' ? 'until a change is agreed' : `until ${phase.until.text} after starting`;
      return index === 0 ? `${words} ${until}` : `then ${words} ${until}`;
    })
    .join(', ');
}

export function deadlineInWords(deadline: Deadline): string {
  switch (deadline.type) {
    case 'immediately':
      return 'immediately';
    case 'on-the-day':
      return 'on the day';
    case 'duration':
      return `within ${deadline.text}`;
  }
}
