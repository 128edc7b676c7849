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
