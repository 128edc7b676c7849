// A trigger's title and wording as a pack may give them: text (English), or { en, cy }. The English is the
// trigger's title and wording everywhere (explain, the case file, the checks); the Welsh, where the pack gives
// it, sits beside it as `welsh` for the cards of a Welsh reader (src/flows/speech.ts).
type InTwoLanguages = string | { en: string; cy?: string | undefined };

export function withWelshBeside<T extends { title: InTwoLanguages; wording: InTwoLanguages }>(
  trigger: T,
): Omit<T, 'title' | 'wording'> & { title: string; wording: string; welsh?: { title?: string; wording?: string } } {
  const { title, wording, ...rest } = trigger;
  const welsh = {
    ...(typeof title === 'object' && title.cy ? { title: title.cy } : {}),
    ...(typeof wording === 'object' && wording.cy ? { wording: wording.cy } : {}),
  };
  return {
    ...rest,
    title: typeof title === 'object' ? title.en : title,
    wording: typeof wording === 'object' ? wording.en : wording,
    ...(Object.keys(welsh).length > 0 ? { welsh } : {}),
  };
}

type Texts = { label: InTwoLanguages; help?: InTwoLanguages | undefined; prompts?: InTwoLanguages[] | undefined };
const english = (text: InTwoLanguages) => (typeof text === 'object' ? text.en : text);
const welshOf = (text: InTwoLanguages) => (typeof text === 'object' ? text.cy : undefined);

/**
 * A recording field's heading, help and prompts as a pack may give them (text, or { en, cy }): the English in
 * their places (the case file, explain, the checks), the Welsh beside them as `welsh`, a prompt's Welsh at its
 * own index, for a Welsh reader's form (src/flows/records.ts).
 */
export function fieldWithWelshBeside<T extends Texts>(
  field: T,
): Omit<T, keyof Texts> & {
  label: string;
  help?: string;
  prompts?: string[];
  welsh?: { label?: string; help?: string; prompts?: (string | undefined)[] };
} {
  const { label, help, prompts, ...rest } = field;
  const welshPrompts = prompts?.map(welshOf);
  const welsh = {
    ...(welshOf(label) ? { label: welshOf(label)! } : {}),
    ...(help !== undefined && welshOf(help) ? { help: welshOf(help)! } : {}),
    ...(welshPrompts?.some((prompt) => prompt) ? { prompts: welshPrompts } : {}),
  };
  return {
    ...rest,
    label: english(label),
    ...(help !== undefined ? { help: english(help) } : {}),
    ...(prompts !== undefined ? { prompts: prompts.map(english) } : {}),
    ...(Object.keys(welsh).length > 0 ? { welsh } : {}),
  };
}

/** A recording model's title as a pack may give it: the English in its place, the Welsh beside it. */
export function modelWithWelshBeside<T extends { title: InTwoLanguages }>(model: T): Omit<T, 'title'> & { title: string; welsh?: { title: string } } {
  const { title, ...rest } = model;
  const welsh = welshOf(title);
  return { ...rest, title: english(title), ...(welsh ? { welsh: { title: welsh } } : {}) };
}
