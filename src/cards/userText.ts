// What people type, bound into a card, is text: never markdown, a link, a mention, a date function or a
// template expression, on Teams or on Slack. render.ts escapes it once; toBlockKit reads the escapes back.

/** Control characters other than tab and line ends: PostgreSQL refuses NUL (22P05) and none has a place in a note. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Line ends as "\n", and no other control character. */
export function withoutControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/**
 * Markdown backslash escapes (CommonMark, which Teams and the Adaptive Cards SDK follow) for every character
 * that starts formatting, a link, an image, a heading, code, a {{DATE()}} or a ${...}; "](" is escaped on both
 * sides so that a client that ignores escapes still finds no link. Lists and line breaks stay.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#~]/g, '\\$&').replace(/\\\]\(/g, '\\]\\(');
}
